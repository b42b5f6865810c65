/**
 * Learning-rate schedules are small values, not flags. The paper's is exponential(0.95): the rate
 * is multiplied by 0.95 after each epoch, so epoch e (1-based) trains at lr·0.95^(e−1).
 *
 * cosine (Loshchilov & Hutter, SGDR 2017, without restarts), over a run of E epochs with W of
 * linear warm-up and a floor m (a fraction of lr):
 *   e ≤ W:  lr·e/W
 *   e > W:  lr·(m + (1 − m)·(1 + cos(π·(e − W − 1)/(E − W)))/2)
 * so the first epoch after warm-up trains at lr and the last at a little above m·lr.
 */
export type LrSchedule =
  | { kind: 'constant' }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'cosine'; min?: number; warmup?: number };

export const constant = (): LrSchedule => ({ kind: 'constant' });
export const exponential = (gamma: number): LrSchedule => ({ kind: 'exponential', gamma });
export const step = (every: number, gamma: number): LrSchedule => ({ kind: 'step', every, gamma });
export const cosine = (min = 0, warmup = 0): LrSchedule => ({ kind: 'cosine', min, warmup });

/**
 * The learning rate of epoch `epoch` (1-based) for a base rate `lr`, in a run of `epochs` epochs
 * (only cosine needs the run's length; without it, a run of `epoch` epochs is assumed).
 */
export function lrAt(schedule: LrSchedule, lr: number, epoch: number, epochs = epoch): number {
  switch (schedule.kind) {
    case 'cosine': {
      const w = schedule.warmup ?? 0;
      const m = schedule.min ?? 0;
      if (epoch <= w) return (lr * epoch) / w;
      const t = (epoch - w - 1) / Math.max(epochs - w, 1);
      return lr * (m + ((1 - m) * (1 + Math.cos(Math.PI * t))) / 2);
    }
    case 'constant':
      return lr;
    case 'exponential':
      return lr * schedule.gamma ** (epoch - 1);
    case 'step':
      return lr * schedule.gamma ** Math.floor((epoch - 1) / schedule.every);
  }
}

export function describeSchedule(s: LrSchedule): string {
  switch (s.kind) {
    case 'constant':
      return 'constant';
    case 'exponential':
      return `exponential(${s.gamma})`;
    case 'step':
      return `step(every ${s.every}, ×${s.gamma})`;
    case 'cosine':
      return `cosine(min ${s.min ?? 0}, warm-up ${s.warmup ?? 0})`;
  }
}
