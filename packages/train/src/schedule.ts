/**
 * Learning-rate schedules are small values, not flags. The paper's is exponential(0.95): the rate
 * is multiplied by 0.95 after each epoch, so epoch e (1-based) trains at lr·0.95^(e−1).
 */
export type LrSchedule =
  | { kind: 'constant' }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'step'; every: number; gamma: number };

export const constant = (): LrSchedule => ({ kind: 'constant' });
export const exponential = (gamma: number): LrSchedule => ({ kind: 'exponential', gamma });
export const step = (every: number, gamma: number): LrSchedule => ({ kind: 'step', every, gamma });

/** The learning rate of epoch `epoch` (1-based) for a base rate `lr`. */
export function lrAt(schedule: LrSchedule, lr: number, epoch: number): number {
  switch (schedule.kind) {
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
  }
}
