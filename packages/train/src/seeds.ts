/**
 * A seed study: one training setup, N seeds, and how much the result moves with the seed alone
 * (median, mean, range of the final test accuracy) — what docs/RESULTS.md did by hand for the
 * paper's best model. Each seed is a trial on any TrialExecutor (threads or the queue).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Emit } from './events.js';
import type { TrainConfig } from './config.js';
import type { TrialData, TrialExecutor, TrialOutcome } from './executor.js';

export interface SeedStudyOptions {
  /** The training every seed shares; `seed` is set per run. */
  config: Partial<TrainConfig>;
  seeds: number[];
  /**
   * What every seed trains on (trialDataOf makes one). An empty validation part means none: each
   * seed trains on all of train, as the paper's final model did.
   */
  data: TrialData;
  executor: TrialExecutor;
  /** seeds.jsonl: a line per finished seed; seeds already there are not run again. */
  logPath?: string;
  emit?: Emit;
  signal?: AbortSignal;
}

export interface Spread {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
}

export interface SeedStudyResult {
  runs: (TrialOutcome & { seed: number })[];
  /** Over the seeds that finished; null when none did. */
  testAcc: Spread | null;
  interrupted: boolean;
}

/** Median (mean of the middle two for an even count), mean and range. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, median, mean: s.reduce((a, b) => a + b, 0) / s.length, min: s[0]!, max: s.at(-1)! };
}

export async function runSeedStudy(o: SeedStudyOptions): Promise<SeedStudyResult> {
  const emit = o.emit ?? (() => {});
  const done = readSeedLog(o.logPath);
  const total = o.seeds.length;
  const runs = await Promise.all(
    o.seeds.map(async (seed, i) => {
      const trial = i + 1;
      const params = { seed };
      const prior = done.get(seed);
      if (prior) return { ...prior, trial };
      if (o.signal?.aborted) return null;
      const spec = { trial, total, params, config: { ...o.config, seed }, data: o.data };
      const ran = await o.executor.run(spec, emit, o.signal);
      // With nothing held out there is no validation accuracy (runTrial reports -1 then).
      const out = o.data.validation.count === 0 ? { ...ran, valAcc: null, bestEpoch: null } : ran;
      if (o.signal?.aborted && out.status === 'failed') return null; // unfinished: runs on resume
      emit({ type: 'trial:end', trial, total, params, status: out.status, valAcc: out.valAcc, testAcc: out.testAcc, seconds: out.seconds, ...(out.error ? { error: out.error } : {}) });
      const run = { ...out, seed };
      if (o.logPath) appendSeedLog(o.logPath, run);
      return run;
    }),
  );
  const finished = runs.filter((r): r is TrialOutcome & { seed: number } => r !== null);
  const ok = finished.filter((r) => r.status === 'ok' && r.testAcc !== null).map((r) => r.testAcc!);
  return { runs: finished, testAcc: spread(ok), interrupted: o.signal?.aborted ?? false };
}

function appendSeedLog(path: string, run: TrialOutcome & { seed: number }): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, JSON.stringify(run) + '\n'); // one whole line per write; a torn last line is skipped on read
}

function readSeedLog(path: string | undefined): Map<number, TrialOutcome & { seed: number }> {
  const done = new Map<number, TrialOutcome & { seed: number }>();
  if (!path || !existsSync(path)) return done;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      const run = JSON.parse(line) as TrialOutcome & { seed: number };
      if (run.status === 'ok') done.set(run.seed, run);
    } catch {
      // an empty or torn line: that seed runs again
    }
  }
  return done;
}
