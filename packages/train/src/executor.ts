import type { TrainConfig } from './config.js';
import type { TrainEvent } from './events.js';
import type { TrialParams } from './sweep-plan.js';

/** What a trial trains on: data a worker can load by itself (no arrays cross threads). */
export type DataRef =
  | { kind: 'mnist'; limit?: number; testLimit?: number }
  | { kind: 'idx'; train: { images: string; labels: string }; test: { images: string; labels: string }; limit?: number; testLimit?: number }
  | { kind: 'csv'; train: string; test: string; limit?: number; testLimit?: number };

export interface TrialSpec {
  /** 1-based position in the sweep. */
  trial: number;
  total: number;
  params: TrialParams;
  config: Partial<TrainConfig>;
  data: DataRef;
  /** Rows held out of train for selection (never the test set). */
  validation: number;
  splitSeed: number;
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
 * Runs trials somewhere. LocalThreadExecutor uses worker_threads on this machine; a distributed
 * executor would implement the same two methods by sending the (serialisable) TrialSpec to a
 * remote worker and streaming its events back — see the package README.
 */
export interface TrialExecutor {
  readonly concurrency: number;
  /** Emits `trial:start` through onEvent when the trial begins, then its epoch events. */
  run(spec: TrialSpec, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrialOutcome>;
  close(): Promise<void>;
}
