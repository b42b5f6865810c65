// @mnist-ts/pipeline: the built-in MNIST stages, wired into the engine (@mnist-ts/pipeline-core).
// Everything the engine exports is re-exported as it is, except the entry points that start from
// a registry: here they start from the built-in stages. Built-in stages and plugins share one API.
import * as engine from '@mnist-ts/pipeline-core';
import type { LoadedSpec, PipelineRun, PipelineSpecInput, Registry, RunOptions, ValidateOptions, VisualizeOptions, VisualizeResult } from '@mnist-ts/pipeline-core';
import { BUILTIN_STAGES } from './stages/index.js';
import { runFiles } from './visualize.js';

// Everything the engine exports; the names declared below (the entry points that start from a
// registry) take precedence over the engine's own.
export * from '@mnist-ts/pipeline-core';
export { BUILTIN_STAGES } from './stages/index.js';
export { paperSpec, type PaperOverrides } from './paper.js';

export interface RegistryOptions {
  /** Start with the built-in stages (default true). */
  builtins?: boolean;
}

/** A registry holding the built-in stages (none with `builtins: false`), ready for plugins. */
export function createRegistry(options: RegistryOptions = {}): Registry {
  return engine.createRegistry(options.builtins === false ? [] : BUILTIN_STAGES);
}

/** `options` with the built-in registry when it names none. */
function withBuiltins<O extends { registry?: Registry }>(options: O | undefined): O {
  return { ...options, registry: options?.registry ?? createRegistry() } as O;
}

/**
 * `options` for a run: the built-ins, and for spec.json, besides the engine's versions, this
 * package's and those of the packages only its stages use.
 */
function forRun<O extends Omit<RunOptions, 'runDir' | 'outDir' | 'resume'>>(options: O | undefined): O {
  const versions = engine.packageVersions(import.meta.url, ['@mnist-ts/tensor', '@mnist-ts/viz']);
  return { ...withBuiltins(options), versions: { ...versions, ...options?.versions } };
}

// The entry points below are the engine's, started from the built-in stages.

/** Checks a spec held in memory and loads its plugins; see the engine's validateSpec. */
export function validateSpec(input: unknown, options?: ValidateOptions): Promise<LoadedSpec> {
  return engine.validateSpec(input, withBuiltins(options));
}

/** Reads, parses and checks a spec file. */
export function loadSpecFile(path: string, options?: Omit<ValidateOptions, 'file'>): Promise<LoadedSpec> {
  return engine.loadSpecFile(path, withBuiltins(options));
}

/** The JSON Schema of specs over the built-in stages (what pipelines/spec.schema.json holds). */
export function specJsonSchema(registry: Registry = createRegistry()): Record<string, unknown> {
  return engine.specJsonSchema(registry);
}

/** Runs a pipeline; see the engine's runPipeline. */
export function runPipeline(source: string | PipelineSpecInput | LoadedSpec, options?: RunOptions): Promise<PipelineRun> {
  return engine.runPipeline(source, forRun(options));
}

/** Reads <runDir>/spec.json and runs it again in that directory, continuing from its checkpoint. */
export function resumePipeline(runDir: string, options?: Omit<RunOptions, 'runDir' | 'outDir' | 'resume'>): Promise<PipelineRun> {
  return engine.resumePipeline(runDir, forRun(options));
}

/** The spec a run directory recorded, checked and with its plugins loaded. */
export function loadRunSpec(runDir: string, registry: Registry = createRegistry()): Promise<LoadedSpec> {
  return engine.loadRunSpec(runDir, registry);
}

/** (Re)draws a run's figures and report from its directory; training's values come from its files. */
export function visualizeRun(runDir: string, options?: VisualizeOptions): Promise<VisualizeResult> {
  return engine.visualizeRun(runDir, { recorded: runFiles, ...withBuiltins(options) });
}
