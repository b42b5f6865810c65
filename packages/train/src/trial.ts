import { Dataset, loadDataset, loadMnist, readCsv } from '@mnist-ts/mnist-data';
import type { TrialOutcome, TrialSpec } from './executor.js';
import type { Emit } from './events.js';
import { train } from './trainer.js';

/** Data a process can load by itself: the real MNIST, IDX files or CSV files, optionally cut. */
export type DataRef =
  | { kind: 'mnist'; limit?: number; testLimit?: number }
  | { kind: 'idx'; train: { images: string; labels: string }; test: { images: string; labels: string }; limit?: number; testLimit?: number }
  | { kind: 'csv'; train: string; test: string; limit?: number; testLimit?: number };

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

/** Holds `validation` rows (or a fraction) out of train, stratified and seeded: sweeps select on them, never on test. */
export function holdOut(data: { train: Dataset; test: Dataset }, validation: number, seed: number): { train: Dataset; validation: Dataset; test: Dataset } {
  const parts = data.train.split(validation, { seed, stratified: true });
  return { train: parts.train, validation: parts.validation, test: data.test };
}

/**
 * One trial, start to end, in this thread, on spec.data. A trial that throws or goes non-finite
 * is recorded as failed with its message; it never takes the sweep down.
 */
export async function runTrial(spec: TrialSpec, emit: Emit, signal?: AbortSignal): Promise<TrialOutcome> {
  const t0 = performance.now();
  const base = { trial: spec.trial, params: spec.params };
  try {
    const { train: t, validation, test } = spec.data;
    // An empty validation part (a seed study holds nothing out) is no validation at all.
    const data = validation.count > 0 ? { train: t, validation, test } : { train: t, test };
    const result = await train({ ...spec.config, finalTrainPass: false, previewUnits: 0 }, data, { emit, signal, name: `trial ${spec.trial}` });
    if (result.status === 'interrupted') throw new Error('interrupted');
    let best = -1, bestEpoch = 0;
    for (const m of result.metrics) if ((m.valAcc ?? -1) > best) [best, bestEpoch] = [m.valAcc ?? -1, m.epoch];
    return { ...base, status: 'ok', valAcc: best, bestEpoch, testAcc: result.testAcc, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { ...base, status: 'failed', valAcc: null, bestEpoch: null, testAcc: null, seconds: (performance.now() - t0) / 1000, error: (e as Error).message };
  }
}
