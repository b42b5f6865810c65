export * from './events.js';
export { PAPER_CONFIG, resolveConfig, TrainError, type TrainConfig, type TrainErrorCode } from './config.js';
export { constant, cosine, exponential, step, lrAt, describeSchedule, type LrSchedule } from './schedule.js';
export {
  batchHookSeed, epochEndProblems, epochHookSeed, hookRng,
  type BatchContext, type EpochEndContext, type EpochEndResult, type EpochImagesContext, type TrainHooks,
} from './hooks.js';
export { sampleRows, epochSamples, DEFAULT_SAMPLES, type EpochSamples } from './samples.js';
export { train, initialState, type TrainData, type TrainOptions, type TrainResult } from './trainer.js';
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_FORMAT, type TrainState } from './checkpoint.js';
export { writeMetrics, readMetrics } from './metrics.js';
export { PAPER_SWEEP, expandSpace, gridTrials, trialKey, type SweepSpace, type TrialParams, type ParamValue } from './sweep-plan.js';
export { dataDigest, trialDataOf, type TrialData, type TrialSpec, type TrialOutcome, type TrialExecutor } from './executor.js';
export { LocalThreadExecutor, InlineExecutor, trialStart } from './thread-executor.js';
export { runTrial, loadDataRef, holdOut, type DataRef } from './trial.js';
export { runSweep, type SweepOptions, type SweepResult } from './sweep.js';
export { runSeedStudy, spread, type SeedStudyOptions, type SeedStudyResult, type Spread } from './seeds.js';
