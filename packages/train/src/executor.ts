import { createHash } from 'node:crypto';
import type { PixelSource } from '@mnist-ts/mnist-data';
import type { TrainConfig } from './config.js';
import type { TrainEvent } from './events.js';
import type { TrialParams } from './sweep-plan.js';

/**
 * What every trial of a sweep trains on: the exact arrays the sweep was given (a validation part
 * already held out of train), and `digest`, a SHA-256 of their bytes. Executors send the arrays
 * themselves (LocalThreadExecutor shares them with its workers through SharedArrayBuffers) or
 * publish them under the digest (a queue); since the key is computed from the bytes, it cannot
 * name other data than the arrays it came from.
 */
export interface TrialData {
  train: PixelSource;
  validation: PixelSource;
  test: PixelSource;
  /** SHA-256 (hex) of train, validation and test: counts, images and labels (see dataDigest). */
  digest: string;
}

/** The SHA-256 of three pixel sources: each part's count (uint32 LE), then its images, then its labels. */
export function dataDigest(parts: { train: PixelSource; validation: PixelSource; test: PixelSource }): string {
  const hash = createHash('sha256');
  for (const p of [parts.train, parts.validation, parts.test]) {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(p.count);
    hash.update(count).update(p.images.subarray(0, p.count * 784)).update(p.labels.subarray(0, p.count));
  }
  return hash.digest('hex');
}

/** Train, validation and test, with their digest: what runSweep hands each trial. */
export function trialDataOf(parts: { train: PixelSource; validation: PixelSource; test: PixelSource }): TrialData {
  return { train: parts.train, validation: parts.validation, test: parts.test, digest: dataDigest(parts) };
}

export interface TrialSpec {
  /** 1-based position in the sweep. */
  trial: number;
  total: number;
  params: TrialParams;
  /** The trainer settings of this trial (the sweep's shared ones with `params` over them). */
  config: Partial<TrainConfig>;
  /** The same object for every trial of a sweep. */
  data: TrialData;
}

export interface TrialOutcome {
  trial: number;
  params: TrialParams;
  status: 'ok' | 'failed';
  /** Best validation accuracy over the trial's epochs, and the epoch it came at. */
  valAcc: number | null;
  bestEpoch: number | null;
  /** Test accuracy at the end; reported by the sweep only for the chosen trial. */
  testAcc: number | null;
  seconds: number;
  error?: string;
}

/**
 * Runs trials somewhere. LocalThreadExecutor uses worker_threads on this machine (the data is
 * shared with them once per worker, by digest); InlineExecutor runs them here. A distributed
 * executor sends `spec.config` and `spec.data` (once per digest) to a remote worker, which calls
 * runTrial, and streams its events back.
 */
export interface TrialExecutor {
  readonly concurrency: number;
  /** Emits `trial:start` through onEvent when the trial begins, then its epoch events. */
  run(spec: TrialSpec, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrialOutcome>;
  close(): Promise<void>;
}
