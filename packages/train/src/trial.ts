import { Dataset, loadDataset, loadMnist, readCsv } from '@mnist-ts/mnist-data';
import type { DataRef, TrialOutcome, TrialSpec } from './executor.js';
import type { Emit } from './events.js';
import { train, type TrainData } from './trainer.js';

/** Loads what a DataRef names: train and test, each cut to its limit when one is set. */
export function loadDataRef(ref: DataRef): { train: Dataset; test: Dataset } {
  let train: Dataset, test: Dataset;
  if (ref.kind === 'mnist') ({ train, test } = loadMnist());
  else if (ref.kind === 'idx') [train, test] = [loadDataset(ref.train), loadDataset(ref.test)];
  else [train, test] = [readCsv(ref.train), readCsv(ref.test)];
  if (ref.limit !== undefined) train = train.take(ref.limit);
  if (ref.testLimit !== undefined) test = test.take(ref.testLimit);
  return { train, test };
}

/** Holds `validation` rows out of train (stratified, seeded): sweeps select on them, never on test. */
export function trialData(ref: DataRef, validation: number, seed: number): TrainData {
  const { train, test } = loadDataRef(ref);
  if (validation === 0) return { train, test }; // nothing held out (a seed study's default)
  const parts = train.split(validation, { seed, stratified: true });
  return { train: parts.train, validation: parts.validation, test };
}

/**
 * One trial, start to end, in this thread. A trial that throws or goes non-finite is recorded as
 * failed with its message; it never takes the sweep down.
 */
export async function runTrial(spec: TrialSpec, emit: Emit, signal?: AbortSignal, data?: TrainData): Promise<TrialOutcome> {
  const t0 = performance.now();
  const base = { trial: spec.trial, params: spec.params };
  try {
    const d = data ?? trialData(spec.data, spec.validation, spec.splitSeed);
    const result = await train({ ...spec.config, finalTrainPass: false, previewUnits: 0 }, d, { emit, signal, name: `trial ${spec.trial}` });
    if (result.status === 'interrupted') throw new Error('interrupted');
    let best = -1, bestEpoch = 0;
    for (const m of result.metrics) if ((m.valAcc ?? -1) > best) [best, bestEpoch] = [m.valAcc ?? -1, m.epoch];
    return { ...base, status: 'ok', valAcc: best, bestEpoch, testAcc: result.testAcc, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { ...base, status: 'failed', valAcc: null, bestEpoch: null, testAcc: null, seconds: (performance.now() - t0) / 1000, error: (e as Error).message };
  }
}
