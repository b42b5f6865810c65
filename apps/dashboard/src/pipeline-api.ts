/**
 * The slice of @mnist-ts/pipeline the CLI uses, as an interface the real package satisfies (the
 * assignment in loadPipeline checks it at compile time) and a test can replace with a script.
 * The package is loaded lazily, so `--help` and flag errors stay instant.
 */
import type { LoadedSpec, PipelineSpecInput } from '@mnist-ts/pipeline';
import type { Emit, Pauser } from '@mnist-ts/train';

export interface PipelineRunOptions {
  emit: Emit;
  signal: AbortSignal;
  /**
   * Training waits on it between batches while paused (train()'s TrainOptions.pause). The
   * pipeline's RunOptions does not forward it yet; until it does, `p` shows "paused" but
   * training carries on.
   */
  pause?: Pauser;
  /** Exactly this run directory (--out); default runs/<name>-<timestamp>/. */
  runDir?: string;
  /** Spec values that win over the file's (--seed). */
  overrides?: { seed?: number; name?: string };
}

export interface PipelineOutcome {
  runDir: string;
  interrupted?: boolean;
  /** The CONTRACT's result fields when a model was trained: runDir, modelPath, trainAcc, ... */
  result?: object | null;
  /** For a sweep: trials, failed, best params, best val/test accuracy, log and chart paths. */
  sweep?: object | null;
}

export interface PipelineApi {
  /** Reads and checks a spec file (every problem at once), plugins loaded; nothing is written. */
  loadSpecFile(path: string, options?: { overrides?: { seed?: number } }): Promise<LoadedSpec>;
  runPipeline(spec: string | PaperSpec | LoadedSpec, options: PipelineRunOptions): Promise<PipelineOutcome>;
  resumePipeline(runDir: string, options: Omit<PipelineRunOptions, 'runDir' | 'overrides'>): Promise<PipelineOutcome>;
  paperSpec(params: { hidden?: number; lr?: number; l2?: number; epochs?: number; batchSize?: number; seed?: number; name?: string }): PaperSpec;
  visualizeRun(runDir: string, options?: { emit?: Emit; signal?: AbortSignal }): Promise<{ runDir: string; files: string[] }>;
  formatPipelineError(e: unknown, options?: { debug?: boolean }): string;
}

/** A spec built in memory (paperSpec's result), passed back to runPipeline as it is. */
export type PaperSpec = PipelineSpecInput;

export async function loadPipeline(): Promise<PipelineApi> {
  const api: PipelineApi = await import('@mnist-ts/pipeline');
  return api;
}
