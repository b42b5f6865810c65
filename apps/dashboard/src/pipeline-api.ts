/**
 * The slice of @mnist-ts/pipeline the CLI uses, as an interface a test can replace with a script.
 * The pipeline knows only stages and their outputs; the result fields the CLI prints (CONTRACT:
 * runDir, modelPath, trainAcc, testAcc, testLoss, epochs, seconds; a sweep's summary) are read
 * here from the outputs by their declared kinds. The package is loaded lazily, so `--help` and
 * flag errors stay instant.
 */
import type { LoadedSpec, PipelineRun, PipelineSpecInput } from '@mnist-ts/pipeline';
import type { Emit, Pauser, TrialParams } from '@mnist-ts/train';

export interface PipelineRunOptions {
  emit: Emit;
  signal: AbortSignal;
  /** Training waits on it between batches while paused (the dashboard's `p`). */
  pause?: Pauser;
  /** Exactly this run directory (--out); default runs/<name>-<timestamp>/. */
  runDir?: string;
  /** Spec values that win over the file's (--seed). */
  overrides?: { seed?: number; name?: string };
}

/** The CONTRACT's result fields for a run that trained a model to the end. */
export interface TrainingResult {
  runDir: string;
  /** The model file model.save wrote (null when the spec saves none). */
  modelPath: string | null;
  trainAcc: number;
  testAcc: number;
  testLoss: number;
  epochs: number;
  /** Training time, summed over resumes. */
  seconds: number;
}

export interface SweepSummary {
  trials: number;
  failed: number;
  best: TrialParams | null;
  bestValAcc: number | null;
  bestTestAcc: number | null;
  logPath: string;
  chartPath: string;
}

export interface PipelineOutcome {
  runDir: string;
  interrupted?: boolean;
  /** The CONTRACT's result fields when a model was trained to the end. */
  result?: TrainingResult | null;
  /** For a sweep: trials, failed, best params, best val/test accuracy, log and chart paths. */
  sweep?: SweepSummary | null;
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

type Pipeline = typeof import('@mnist-ts/pipeline');

/** What the CLI prints for a finished pipeline run, from its outputs' declared kinds. */
export function outcomeOf(p: Pick<Pipeline, 'outputsOfKind'>, run: PipelineRun): PipelineOutcome {
  return { runDir: run.runDir, interrupted: run.interrupted, result: run.interrupted ? null : trainingResult(p, run), sweep: sweepSummary(p, run) };
}

/** The last trained model's numbers (train.sgd records them on the model it returns). */
function trainingResult(p: Pick<Pipeline, 'outputsOfKind'>, run: PipelineRun): TrainingResult | null {
  const t = p.outputsOfKind(run, 'model').filter((m) => m.training).at(-1)?.training;
  if (!t || t.interrupted) return null;
  const modelPath = run.artifacts.filter((a) => a.kind === 'model').at(-1)?.path ?? null;
  return { runDir: run.runDir, modelPath, trainAcc: t.trainAcc, testAcc: t.testAcc, testLoss: t.testLoss, epochs: t.epochs, seconds: t.seconds };
}

function sweepSummary(p: Pick<Pipeline, 'outputsOfKind'>, run: PipelineRun): SweepSummary | null {
  const s = p.outputsOfKind(run, 'sweep').at(-1);
  if (!s) return null;
  return {
    trials: s.trials.length, failed: s.trials.filter((t) => t.status === 'failed').length, best: s.best?.params ?? null,
    bestValAcc: s.best?.valAcc ?? null, bestTestAcc: s.bestTestAcc, logPath: s.logPath, chartPath: s.chartPath,
  };
}

export async function loadPipeline(): Promise<PipelineApi> {
  const p = await import('@mnist-ts/pipeline');
  return {
    loadSpecFile: p.loadSpecFile,
    runPipeline: async (spec, options) => outcomeOf(p, await p.runPipeline(spec, options)),
    resumePipeline: async (runDir, options) => outcomeOf(p, await p.resumePipeline(runDir, options)),
    paperSpec: p.paperSpec,
    visualizeRun: p.visualizeRun,
    formatPipelineError: p.formatPipelineError,
  };
}
