// @mnist-ts/pipeline-core: the engine. A JSON spec of stages, checked by a zod schema built from
// the stage registry, run in dependency order with typed events. It has no stage of its own: the
// layer above (@mnist-ts/pipeline) fills the registry with its built-ins, and plugins add more.

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
export { createRegistry, type Registry } from './registry.js';
export { type PipelineSpec, type PipelineSpecInput, type StageEntry } from './spec-schema.js';
export { loadSpecFile, specJsonSchema, validateSpec, type LoadedSpec, type SpecOverrides, type ValidateOptions } from './spec.js';
export { loadPlugins, type PluginFactory, type PluginHelpers } from './plugins.js';
export { runPath, runPathProblem, RESERVED_RUN_FILES } from './write-gate.js';
export { packageVersions } from './run-dir.js';
export { executionOrder } from './cross-check.js';
export {
  loadRunSpec, outputsOfKind, resumePipeline, runPipeline,
  type PipelineRun, type RunOptions,
} from './runner.js';
export {
  visualizeRun, visualizeStages,
  type RecordedReader, type RecordedValues, type VisualizeOptions, type VisualizeResult,
} from './visualize.js';
export { editDistance, closest } from './suggest.js';
