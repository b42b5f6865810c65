/**
 * A few rows of each epoch's transformed training images, for a viewer to show what the epoch
 * really trains on (the dashboard's augmented digits). Sent only when an epoch transform ran, so
 * a plain run's events are unchanged.
 *
 * The rows are the same every epoch of a run (the originals stay put while their distortions
 * change), chosen by a generator of their own whose seed is a pure function of the run's seed.
 * No draw is taken from training's streams, so a run trains on the same bytes with or without
 * samples, and a resumed run shows the same rows.
 */
import { Rng } from '@mnist-ts/tensor';
import { FEATURES, fmix32, type PixelSource } from '@mnist-ts/mnist-data';
import type { TrainEvent } from './events.js';

/** Rows shown per epoch unless `TrainOptions.samples` says otherwise. */
export const DEFAULT_SAMPLES = 8;

/** Keeps the sample stream apart from the epoch and batch hook seeds of the same run seed. */
const SAMPLE_SALT = 0x53414d50; // 'SAMP'

export type EpochSamples = Extract<TrainEvent, { type: 'epoch:samples' }>;

/** min(k, n) distinct rows of 0..n−1, in draw order, from a generator seeded by the run's seed. */
export function sampleRows(seed: number, n: number, k: number): number[] {
  const rng = new Rng(fmix32((seed >>> 0) ^ SAMPLE_SALT));
  const rows: number[] = [];
  const taken = new Set<number>();
  while (rows.length < Math.min(k, n)) {
    const r = rng.int(n);
    if (taken.has(r)) continue;
    taken.add(r);
    rows.push(r);
  }
  return rows;
}

/** The event for `epoch`: copies of `rows` of the epoch's images and of the data's own. */
export function epochSamples(epoch: number, images: Uint8Array, data: PixelSource, rows: readonly number[]): EpochSamples {
  const row = (a: Uint8Array, r: number) => a.slice(r * FEATURES, (r + 1) * FEATURES);
  return {
    type: 'epoch:samples',
    epoch,
    rows: [...rows],
    labels: rows.map((r) => data.labels[r]!),
    images: rows.map((r) => row(images, r)),
    originals: rows.map((r) => row(data.images, r)),
  };
}
