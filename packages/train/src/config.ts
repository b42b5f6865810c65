import type { LrSchedule } from './schedule.js';

/** Every number of the paper's training is a parameter; these defaults are the paper's best model. */
export interface TrainConfig {
  hidden: number;
  lr: number;
  /** L2 strength λ; the gradient term is λ/m·W (the paper scales L2 by 1/m, m = batch size). */
  l2: number;
  epochs: number;
  batchSize: number;
  seed: number;
  schedule: LrSchedule;
  loss: 'cross-entropy' | 'mse';
  /** 'paper': x/255·0.99 + 0.01; 'unit': x/255. */
  normalize: 'paper' | 'unit';
  /** After the last epoch, measure train accuracy with a full pass (as the paper reports it). */
  finalTrainPass: boolean;
  /** How many W1 units ride along on each epoch:end event for a live preview. */
  previewUnits: number;
}

export const PAPER_CONFIG: TrainConfig = {
  hidden: 512,
  lr: 0.1,
  l2: 1e-4,
  epochs: 50,
  batchSize: 64,
  seed: 1,
  schedule: { kind: 'exponential', gamma: 0.95 },
  loss: 'cross-entropy',
  normalize: 'paper',
  finalTrainPass: true,
  previewUnits: 4,
};

export function resolveConfig(partial: Partial<TrainConfig> = {}): TrainConfig {
  const c = { ...PAPER_CONFIG, ...partial };
  const positiveInt = (name: keyof TrainConfig) => {
    const v = c[name] as number;
    if (!Number.isInteger(v) || v <= 0) throw new TrainError('BAD_CONFIG', `${name}: expected a positive integer, received ${v}`);
  };
  positiveInt('hidden');
  positiveInt('epochs');
  positiveInt('batchSize');
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new TrainError('BAD_CONFIG', `lr: expected a number > 0, received ${c.lr}`);
  if (!(c.l2 >= 0) || !Number.isFinite(c.l2)) throw new TrainError('BAD_CONFIG', `l2: expected a number >= 0, received ${c.l2}`);
  if (!Number.isInteger(c.seed)) throw new TrainError('BAD_CONFIG', `seed: expected an integer, received ${c.seed}`);
  return c;
}

export type TrainErrorCode = 'BAD_CONFIG' | 'NON_FINITE' | 'BAD_CHECKPOINT' | 'BAD_DATA' | 'HOOK_FAILED';

/** A training failure with a stable code; the message says what happened and what to try. */
export class TrainError extends Error {
  constructor(
    readonly code: TrainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TrainError';
  }
}
