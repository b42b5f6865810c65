import { appendFileSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TrainConfig } from './config.js';
import type { Emit } from './events.js';
import type { TrialData, TrialExecutor, TrialOutcome, TrialSpec } from './executor.js';
import { expandSpace, gridTrials, trialKey, type SweepSpace, type TrialParams } from './sweep-plan.js';

export interface SweepOptions {
  space: SweepSpace;
  /** Trainer settings every trial shares (epochs, batch size, seed...); params override them. */
  config: Partial<TrainConfig>;
  /** What every trial trains on (trialDataOf(holdOut(...)) makes one): train, validation for selection, test. */
  data: TrialData;
  /** Seeds the random part of the search space. */
  seed: number;
  executor: TrialExecutor;
  /** sweep.jsonl: a line per finished trial; trials already there are skipped on a rerun. */
  logPath?: string;
  emit?: Emit;
  signal?: AbortSignal;
}

export interface SweepResult {
  trials: TrialOutcome[];
  best: TrialOutcome | null;
  /** Only the chosen trial's test accuracy is reported; the others' are not looked at. */
  bestTestAcc: number | null;
  interrupted: boolean;
}

/**
 * A grid or a stage-wise search. Selection is on validation accuracy (held out of train); the
 * test set decides nothing. Trials of a stage run in parallel on the executor.
 */
export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const emit = o.emit ?? (() => {});
  const values = expandSpace(o.space, o.seed);
  const done = readLog(o.logPath);
  const all: TrialOutcome[] = [];
  let counter = 0;
  const stages: ((best: TrialParams) => TrialParams[])[] =
    o.space.mode === 'grid'
      ? [() => gridTrials(values)]
      : Object.entries(values).map(([name, list]) => (best: TrialParams) => list.map((v) => ({ ...best, [name]: v })));
  // Stage-wise: parameters not yet searched hold their base value (the paper's best by default).
  let best: TrialParams = Object.fromEntries(Object.keys(values).map((k) => [k, (o.space.base as Record<string, number | string> | undefined)?.[k] ?? values[k]![0]!]));
  // Each stage after the first repeats the previous winner when its base value is a candidate;
  // that trial is not run again, so it is not counted.
  const total = o.space.mode === 'grid'
    ? gridTrials(values).length
    : Object.entries(values).reduce((s, [k, l], i) => s + l.length - (i > 0 && l.includes(best[k]!) ? 1 : 0), 0);

  for (const stage of stages) {
    const params = stage(best).filter((p) => !all.some((t) => trialKey(t.params) === trialKey(p)));
    const outcomes = await Promise.all(
      params.map(async (p) => {
        const trial = ++counter;
        const prior = done.get(trialKey(p));
        if (prior) return { ...prior, trial };
        if (o.signal?.aborted) return null;
        // The executor emits trial:start when the trial really begins (it may wait for a thread).
        const spec: TrialSpec = { trial, total, params: p, config: { ...o.config, ...p }, data: o.data };
        const out = await o.executor.run(spec, emit, o.signal);
        if (o.signal?.aborted && out.status === 'failed') return null; // not finished: rerun on resume
        emit({ type: 'trial:end', trial, total, params: p, status: out.status, valAcc: out.valAcc, seconds: out.seconds, error: out.error });
        if (o.logPath) appendLog(o.logPath, out);
        return out;
      }),
    );
    for (const out of outcomes) if (out) all.push(out);
    if (o.signal?.aborted) break;
    const winner = pickBest(all);
    if (winner) best = { ...best, ...winner.params };
  }
  const winner = pickBest(all);
  return { trials: all, best: winner, bestTestAcc: winner?.testAcc ?? null, interrupted: o.signal?.aborted ?? false };
}

function pickBest(trials: TrialOutcome[]): TrialOutcome | null {
  let best: TrialOutcome | null = null;
  for (const t of trials) if (t.status === 'ok' && (best === null || (t.valAcc ?? -1) > (best.valAcc ?? -1))) best = t;
  return best;
}

/**
 * sweep.jsonl: one JSON object per line (trial, params, status, valAcc, bestEpoch, testAcc,
 * seconds, error). testAcc is logged for the record; selection never reads it.
 */
function appendLog(path: string, out: TrialOutcome): void {
  mkdirSync(dirname(path), { recursive: true });
  // A line is appended whole in one write; a torn last line (a kill mid-write) is ignored on read.
  appendFileSync(path, JSON.stringify(out) + '\n');
}

function readLog(path: string | undefined): Map<string, TrialOutcome> {
  const done = new Map<string, TrialOutcome>();
  if (!path || !existsSync(path)) return done;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const t = JSON.parse(line) as TrialOutcome;
      if (t.status === 'ok') done.set(trialKey(t.params), t);
    } catch {
      // torn last line from a kill: that trial runs again
    }
  }
  return done;
}
