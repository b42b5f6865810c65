/**
 * Everything training says while it runs, as one typed union. Training knows nothing of who
 * listens: the Ink dashboard, the plain log, `--json` and tests all subscribe to the same events.
 */

/**
 * One line of metrics.jsonl (accuracies as fractions 0..1). A `type`, not an `interface`: only a
 * type alias gets the implicit index signature that makes it a viz `EpochRow` as it is.
 */
export type EpochMetrics = {
  epoch: number;
  lr: number;
  /** Mean total loss over the epoch's batches (data loss + L2 term), as the paper reports it. */
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  seconds: number;
  samplesPerSec: number;
  /** The data loss alone (cross-entropy or MSE), and the L2 term, averaged over the epoch. */
  trainDataLoss?: number;
  l2Loss?: number;
  /** Present when validation was held out of train (sweeps select on it, never on test). */
  valLoss?: number;
  valAcc?: number;
};

/** A pause control (the dashboard's `p`): while `paused`, training awaits `wait()` between batches. */
export interface Pauser {
  readonly paused: boolean;
  wait(): Promise<void>;
}

export interface ModelShape {
  inputs: number;
  hidden: number;
  outputs: number;
}

export type TrainEvent =
  | {
      type: 'run:start';
      name: string;
      runDir?: string;
      seed: number;
      backend: string;
      model: ModelShape;
      data: { train: number; test: number; validation?: number };
      epochs: number;
      batchSize: number;
      batchesPerEpoch: number;
      /** 1 for a fresh run; later when resuming. */
      startEpoch: number;
    }
  | { type: 'epoch:start'; epoch: number; epochs: number; lr: number }
  | {
      type: 'batch:end';
      epoch: number;
      batch: number;
      batches: number;
      /** Running means over the epoch so far. */
      loss: number;
      acc: number;
      samplesPerSec: number;
    }
  | {
      type: 'epoch:end';
      epochs: number;
      metrics: EpochMetrics;
      /** A few hidden units of W1 (784 values each), so a viewer can watch features form. */
      preview?: Float32Array[];
    }
  | {
      /**
       * A few training rows as this epoch trains on them, sent after epoch:start and only when an
       * epoch transform (`TrainHooks.epochImages`, e.g. augmentation) made the epoch's images.
       */
      type: 'epoch:samples';
      epoch: number;
      /** Row indices into the training set: the same rows every epoch of a run. */
      rows: number[];
      labels: number[];
      /** 784 bytes each (28×28, row-major): the rows after the epoch transforms, before any batch transform. */
      images: Uint8Array[];
      /** The same rows as the data gave them. */
      originals: Uint8Array[];
    }
  | { type: 'checkpoint'; path: string; epoch: number }
  | { type: 'artifact'; kind: string; path: string }
  | {
      type: 'trial:start';
      trial: number;
      total: number;
      params: Record<string, number | string>;
      /** host:pid of the machine running it, when trials run on a queue (sent again if it moves). */
      worker?: string;
    }
  | {
      type: 'trial:end';
      trial: number;
      total: number;
      params: Record<string, number | string>;
      status: 'ok' | 'failed';
      valAcc: number | null;
      testAcc?: number | null;
      seconds: number;
      error?: string;
    }
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string; code?: string }
  | { type: 'run:end'; status: 'done' | 'interrupted' | 'failed'; runDir?: string; result?: Record<string, unknown> }
  | { type: 'stage:start'; id: string; stage: string }
  | { type: 'stage:end'; id: string; stage: string; seconds: number }
  | { type: 'log'; message: string };

export type TrainEventType = TrainEvent['type'];
export type Emit = (event: TrainEvent) => void;
