// @mnist-ts/pipeline: a JSON spec of stages, checked by a zod schema built from the stage
// registry, run in dependency order with typed events. Built-in stages and plugins share one API.

export {
  PipelineError, formatPipelineError, formatProblem, isPipelineError,
  type PipelineErrorCode, type SpecProblem,
} from './errors.js';
export type { Dataset } from '@mnist-ts/mnist-data';
export type { BatchContext, EpochEndContext, EpochEndResult, EpochImagesContext, EpochMetrics, TrainEvent, TrainHooks } from '@mnist-ts/train';
export { KINDS, type Datasets, type EvaluationValue, type InputKind, type Kind, type KindValues, type ModelValue, type SweepValue } from './kinds.js';
export {
  defineStage, isStage, STAGE_BRAND,
  type Stage, type StageArgs, type StageContext, type StageDefinition,
} from './stage.js';
export { createRegistry, type Registry, type RegistryOptions } from './registry.js';
export { BUILTIN_STAGES } from './stages/index.js';
export { type PipelineSpec, type PipelineSpecInput, type StageEntry } from './spec-schema.js';
export { loadSpecFile, specJsonSchema, validateSpec, type LoadedSpec, type SpecOverrides, type ValidateOptions } from './spec.js';
export { loadPlugins, type PluginFactory, type PluginHelpers } from './plugins.js';
export { runPath, runPathProblem, RESERVED_RUN_FILES } from './write-gate.js';
export { executionOrder } from './cross-check.js';
export {
  loadRunSpec, outputsOfKind, resumePipeline, runPipeline,
  type PipelineRun, type RunOptions,
} from './runner.js';
export { paperSpec, type PaperOverrides } from './paper.js';
export { visualizeRun, type VisualizeOptions, type VisualizeResult } from './visualize.js';
export { editDistance, closest } from './suggest.js';
