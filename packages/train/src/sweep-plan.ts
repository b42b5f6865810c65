import { Rng } from '@mnist-ts/tensor';
import type { TrainConfig } from './config.js';

/** A value a sweep may vary: any numeric or string trainer parameter. */
export type ParamValue = number | string;
export type TrialParams = Record<string, ParamValue>;

export interface SweepSpace {
  /** Each parameter's candidate values, in order (e.g. hidden: [128, 256, 512]). */
  params: Record<string, ParamValue[]>;
  /**
   * 'grid': every combination. 'stagewise': as the paper did — vary one parameter at a time in the
   * order given, fixing each to the best value found (by validation accuracy) before the next.
   */
  mode: 'grid' | 'stagewise';
  /** The values of parameters not yet reached in a stage-wise search (the paper's best by default). */
  base?: Partial<TrainConfig>;
  /** Random extra candidates, e.g. { hidden: { count: 6, min: 480, max: 540 } } (seeded integers). */
  random?: Record<string, { count: number; min: number; max: number; integer?: boolean }>;
}

/**
 * The paper's own search: hidden sizes 128, 256, 512 then 6 random integers in [480, 540];
 * learning rates 1e-1..1e-4; L2 strengths 1e-6..1e-3; stage-wise (best H, then lr, then λ).
 */
export const PAPER_SWEEP: SweepSpace = {
  mode: 'stagewise',
  params: { hidden: [128, 256, 512], lr: [1e-1, 1e-2, 1e-3, 1e-4], l2: [1e-6, 1e-5, 1e-4, 1e-3] },
  random: { hidden: { count: 6, min: 480, max: 540, integer: true } },
  base: { hidden: 512, lr: 0.1, l2: 1e-4 },
};

/** Each parameter's candidates with the seeded random extras appended (duplicates dropped). */
export function expandSpace(space: SweepSpace, seed: number): Record<string, ParamValue[]> {
  const rng = new Rng(seed ^ 0x5eed);
  const out: Record<string, ParamValue[]> = {};
  for (const [name, values] of Object.entries(space.params)) out[name] = [...values];
  for (const [name, r] of Object.entries(space.random ?? {})) {
    const list = (out[name] ??= []);
    for (let i = 0; i < r.count; i++) {
      const v = r.integer === false ? r.min + rng.next() * (r.max - r.min) : rng.intBetween(r.min, r.max);
      if (!list.includes(v)) list.push(v);
      else i--; // draw again: the paper's 6 sizes are distinct
    }
  }
  return out;
}

/** Every combination, in row-major order of the parameters as listed. */
export function gridTrials(values: Record<string, ParamValue[]>): TrialParams[] {
  let trials: TrialParams[] = [{}];
  for (const [name, list] of Object.entries(values)) {
    trials = trials.flatMap((t) => list.map((v) => ({ ...t, [name]: v })));
  }
  return trials;
}

/** A stable key for a trial's parameters, used to skip trials a resumed sweep already finished. */
export function trialKey(params: TrialParams): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
