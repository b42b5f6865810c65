/** What travels in a trial's job, its progress reports and its result. */
import type { EpochMetrics, TrainConfig, TrialOutcome, TrialParams } from '@mnist-ts/train';

export interface TrialJobData {
  /** The trial's own settings (its params already applied). */
  config: TrainConfig;
  params: TrialParams;
  /** sha256 of the data blob in Redis (see data-blob.ts). */
  dataHash: string;
}

/** A worker's reports while it runs a trial (BullMQ job progress). */
export type TrialProgress =
  | { kind: 'start'; worker: string; fromEpoch: number; backend: string }
  | { kind: 'epoch'; worker: string; metrics: EpochMetrics; epochs: number };

export interface TrialJobResult {
  outcome: Omit<TrialOutcome, 'trial'>;
  metrics: EpochMetrics[];
  /** host:pid of the worker that finished the trial. */
  worker: string;
  /** 0 when the trial ran from the start; else the checkpoint epoch it resumed from. */
  resumedFrom: number;
}
