/**
 * The dashboard's view state and the pure reducer that builds it from events. One ViewStore
 * (view-store.ts) folds each event once; the Ink views, the plain log and the summary read its
 * state and keep no bookkeeping of their own. Time comes in as an
 * argument (`now`, milliseconds), so the reducer is deterministic and tested without a clock.
 */
import type { EpochMetrics, TrainEvent } from '@mnist-ts/train';

/** What the dashboard itself adds to the event stream: pause state, a stop request, the result. */
export type DashboardEvent =
  | TrainEvent
  | { type: 'dashboard:paused'; paused: boolean }
  | { type: 'dashboard:stopping' }
  | { type: 'result'; status: 'done' | 'interrupted' | 'failed'; runDir?: string; [key: string]: unknown };

export type Status = 'waiting' | 'running' | 'paused' | 'stopping' | 'done' | 'interrupted' | 'failed';

/** What the run:start event told (everything but its type). */
export type RunInfo = Omit<Extract<TrainEvent, { type: 'run:start' }>, 'type'>;

export interface TrialRow {
  trial: number;
  params: Record<string, number | string>;
  status: 'running' | 'ok' | 'failed';
  valAcc: number | null;
  testAcc: number | null;
  seconds: number | null;
  error?: string;
  /** host:pid of the queue worker running it (queue executor only). */
  worker?: string;
}

/** The epoch:samples event's digits: the latest epoch's only (no history is kept). */
export type DigitSamples = Omit<Extract<TrainEvent, { type: 'epoch:samples' }>, 'type'>;

export interface ViewState {
  status: Status;
  run: RunInfo | null;
  /** The pipeline stage running now, if any. */
  stage: { id: string; stage: string } | null;
  startedAt: number | null;
  lastAt: number | null;
  epoch: number;
  epochs: number;
  lr: number | null;
  /** Batches done in the current epoch, of `batches`. */
  batch: number;
  batches: number;
  /** Batches done since this run (or resume) started, of `totalBatches`. */
  doneBatches: number;
  totalBatches: number;
  samplesPerSec: number | null;
  /** Running mean of the epoch's loss, one value per batch:end event (the last BATCH_HISTORY). */
  batchLoss: number[];
  batchAcc: number | null;
  metrics: EpochMetrics[];
  preview: Float32Array[] | null;
  /** A few training digits as the current epoch's augmentation made them (augmented runs only). */
  samples: DigitSamples | null;
  /** Recent (time, doneBatches) samples: the ETA divides what is left by their rate. */
  recent: { at: number; done: number }[];
  /** Seconds left, or null while unknown. */
  eta: number | null;
  trials: TrialRow[];
  trialsTotal: number;
  /** Trial number with the best validation accuracy so far. */
  bestTrial: number | null;
  artifacts: { kind: string; path: string }[];
  checkpoint: { path: string; epoch: number } | null;
  warnings: string[];
  errors: { message: string; code?: string }[];
  /** Stop requests (Ctrl-C, q) so far: from the second on, the view says "please wait". */
  stopRequests: number;
  lastLog: string | null;
  result: Record<string, unknown> | null;
}

export const BATCH_HISTORY = 240;
/** The ETA's rate window: samples older than this many milliseconds are dropped. */
export const RATE_WINDOW_MS = 30_000;
const RECENT_MAX = 64;

export const initialState: ViewState = Object.freeze({
  status: 'waiting',
  run: null,
  stage: null,
  startedAt: null,
  lastAt: null,
  epoch: 0,
  epochs: 0,
  lr: null,
  batch: 0,
  batches: 0,
  doneBatches: 0,
  totalBatches: 0,
  samplesPerSec: null,
  batchLoss: [],
  batchAcc: null,
  metrics: [],
  preview: null,
  samples: null,
  recent: [],
  eta: null,
  trials: [],
  trialsTotal: 0,
  bestTrial: null,
  artifacts: [],
  checkpoint: null,
  warnings: [],
  errors: [],
  stopRequests: 0,
  lastLog: null,
  result: null,
}) as ViewState;

/** True while a sweep trial runs: training events then belong to a trial, not the main run. */
export function trialRunning(s: ViewState): boolean {
  return s.trials.some((t) => t.status === 'running');
}

export function isSweep(s: ViewState): boolean {
  return s.trialsTotal > 0;
}

export function isFinished(s: ViewState): boolean {
  return s.status === 'done' || s.status === 'interrupted' || s.status === 'failed';
}

/** The next view state. Never mutates `s`. */
export function reduce(s: ViewState, e: DashboardEvent, now: number): ViewState {
  const base: ViewState = {
    ...s,
    startedAt: s.startedAt ?? now,
    lastAt: now,
    status: s.status === 'waiting' ? 'running' : s.status,
  };
  // Parallel trials' own training events carry no trial id; the trials table speaks for them.
  const ownedByTrial = trialRunning(s) && (e.type === 'run:start' || e.type === 'epoch:start' || e.type === 'batch:end' || e.type === 'epoch:end' || e.type === 'epoch:samples');
  if (ownedByTrial) return base;
  switch (e.type) {
    case 'run:start':
      return runStart(base, e);
    case 'epoch:start':
      return { ...base, epoch: e.epoch, epochs: e.epochs, lr: e.lr, batch: 0 };
    case 'batch:end':
      return batchEnd(base, e, now);
    case 'epoch:end':
      return epochEnd(base, e, now);
    case 'epoch:samples': {
      const { type: _type, ...samples } = e;
      return { ...base, samples };
    }
    case 'checkpoint':
      return { ...base, checkpoint: { path: e.path, epoch: e.epoch } };
    case 'artifact':
      return { ...base, artifacts: [...s.artifacts, { kind: e.kind, path: e.path }] };
    case 'trial:start':
    case 'trial:end':
      return trialEvent(base, e, now);
    case 'warning':
      return { ...base, warnings: [...s.warnings, e.message] };
    case 'error':
      return { ...base, errors: [...s.errors, { message: e.message, code: e.code }] };
    case 'run:end':
      return e.status === 'done' && s.status === 'stopping' ? base : { ...base, status: e.status, eta: e.status === 'done' ? 0 : s.eta };
    case 'stage:start':
      return { ...base, stage: { id: e.id, stage: e.stage } };
    case 'stage:end':
      return { ...base, stage: null };
    case 'log':
      return { ...base, lastLog: e.message };
    case 'dashboard:paused':
      return isFinished(s) || s.status === 'stopping' ? base : { ...base, status: e.paused ? 'paused' : 'running', recent: [] };
    case 'dashboard:stopping':
      return isFinished(s) ? base : { ...base, status: 'stopping', stopRequests: s.stopRequests + 1 };
    case 'result': {
      const { type: _type, ...result } = e;
      return { ...base, status: e.status, result, eta: e.status === 'done' ? 0 : null };
    }
  }
}

function runStart(s: ViewState, e: Extract<TrainEvent, { type: 'run:start' }>): ViewState {
  const { type: _type, ...info } = e;
  const epochsLeft = Math.max(0, e.epochs - e.startEpoch + 1);
  return {
    ...s,
    run: info,
    epoch: e.startEpoch,
    epochs: e.epochs,
    batch: 0,
    batches: e.batchesPerEpoch,
    doneBatches: 0,
    totalBatches: epochsLeft * e.batchesPerEpoch,
    recent: [],
    eta: null,
  };
}

function batchEnd(s: ViewState, e: Extract<TrainEvent, { type: 'batch:end' }>, now: number): ViewState {
  const startEpoch = s.run?.startEpoch ?? 1;
  const done = (e.epoch - startEpoch) * e.batches + e.batch;
  const recent = [...s.recent, { at: now, done }].filter((r) => now - r.at <= RATE_WINDOW_MS).slice(-RECENT_MAX);
  const next: ViewState = {
    ...s,
    epoch: e.epoch,
    batch: e.batch,
    batches: e.batches,
    doneBatches: done,
    totalBatches: Math.max(s.totalBatches, done),
    samplesPerSec: e.samplesPerSec,
    batchLoss: [...s.batchLoss, e.loss].slice(-BATCH_HISTORY),
    batchAcc: e.acc,
    recent,
  };
  return { ...next, eta: estimateEta(next) };
}

function epochEnd(s: ViewState, e: Extract<TrainEvent, { type: 'epoch:end' }>, now: number): ViewState {
  const m = e.metrics;
  const startEpoch = s.run?.startEpoch ?? 1;
  const batches = s.batches || s.run?.batchesPerEpoch || 0;
  const done = (m.epoch - startEpoch + 1) * batches;
  const next: ViewState = {
    ...s,
    epoch: m.epoch,
    epochs: e.epochs,
    lr: m.lr,
    batch: batches,
    doneBatches: done,
    totalBatches: Math.max(s.totalBatches, done),
    samplesPerSec: m.samplesPerSec,
    metrics: [...s.metrics.filter((x) => x.epoch !== m.epoch), m],
    preview: e.preview && e.preview.length > 0 ? e.preview : s.preview,
    recent: [...s.recent, { at: now, done }].slice(-RECENT_MAX),
  };
  return { ...next, eta: estimateEta(next) };
}

/**
 * Seconds left: the batches still to run divided by the recent rate (batches per second over the
 * last RATE_WINDOW_MS). Before there is a rate (after a pause, or a resume) it falls back on the
 * mean seconds per epoch so far times the epochs left.
 */
export function estimateEta(s: ViewState): number | null {
  const left = Math.max(0, s.totalBatches - s.doneBatches);
  if (left === 0 && s.totalBatches > 0) return 0;
  const first = s.recent[0];
  const last = s.recent[s.recent.length - 1];
  if (first && last && last.at - first.at >= 1000 && last.done > first.done) {
    return left / ((last.done - first.done) / ((last.at - first.at) / 1000));
  }
  if (s.metrics.length > 0 && s.batches > 0) {
    const mean = s.metrics.reduce((sum, m) => sum + m.seconds, 0) / s.metrics.length;
    return (left / s.batches) * mean;
  }
  return null;
}

function trialEvent(s: ViewState, e: Extract<TrainEvent, { type: 'trial:start' | 'trial:end' }>, now: number): ViewState {
  const row: TrialRow =
    e.type === 'trial:start'
      ? { trial: e.trial, params: e.params, status: 'running', valAcc: null, testAcc: null, seconds: null, ...(e.worker ? { worker: e.worker } : {}) }
      : { trial: e.trial, params: e.params, status: e.status, valAcc: e.valAcc, testAcc: e.testAcc ?? null, seconds: e.seconds, ...(e.error ? { error: e.error } : {}) };
  const worker = s.trials.find((t) => t.trial === e.trial)?.worker;
  if (e.type === 'trial:end' && worker) row.worker = worker; // the row keeps the worker that ran it
  const trials = [...s.trials.filter((t) => t.trial !== e.trial), row].sort((a, b) => a.trial - b.trial);
  const next: ViewState = { ...s, trials, trialsTotal: e.total, bestTrial: bestTrial(trials) };
  return { ...next, eta: trialEta(next, now) };
}

function bestTrial(trials: TrialRow[]): number | null {
  let best: TrialRow | null = null;
  for (const t of trials) {
    if (t.status === 'ok' && t.valAcc !== null && (best === null || t.valAcc > (best.valAcc ?? -1))) best = t;
  }
  return best?.trial ?? null;
}

/** Sweep ETA: mean finished-trial time × trials left, shared among the trials running at once. */
function trialEta(s: ViewState, _now: number): number | null {
  const finished = s.trials.filter((t) => t.status !== 'running' && t.seconds !== null);
  if (finished.length === 0) return null;
  const mean = finished.reduce((sum, t) => sum + (t.seconds ?? 0), 0) / finished.length;
  const left = Math.max(0, s.trialsTotal - finished.length);
  const parallel = Math.max(1, s.trials.filter((t) => t.status === 'running').length);
  return (left * mean) / parallel;
}

/** Seconds since the first event (frozen at the last event once the run has finished). */
export function elapsed(s: ViewState, now: number): number {
  if (s.startedAt === null) return 0;
  const end = isFinished(s) ? (s.lastAt ?? now) : now;
  return Math.max(0, (end - s.startedAt) / 1000);
}

/** Fraction of the run done, 0..1 (trials for a sweep, batches otherwise). */
export function runFraction(s: ViewState): number {
  if (isSweep(s)) {
    const finished = s.trials.filter((t) => t.status !== 'running').length;
    return s.trialsTotal > 0 ? finished / s.trialsTotal : 0;
  }
  return s.totalBatches > 0 ? s.doneBatches / s.totalBatches : 0;
}

/** Folds a whole list of events (for tests and replays). */
export function reduceAll(events: readonly DashboardEvent[], start = 0, step = 0): ViewState {
  return events.reduce((s, e, i) => reduce(s, e, start + i * step), initialState);
}
