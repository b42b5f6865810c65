/**
 * The log for pipes and CI: plain text, one line per event worth a line, no ANSI, no cursor
 * movement. One line per epoch; batch progress at most every BATCH_LINE_MS; parallel sweep
 * trials speak through trial:start / trial:end only (their own epochs carry no trial id).
 */
import * as f from './format.js';
import { trialRunning, type DashboardEvent, type ViewState } from './state.js';
import { stoppingText } from './summary.js';

/** Batch progress lines come at most this often (milliseconds). */
export const BATCH_LINE_MS = 5_000;

export interface PlainLine {
  text: string;
  /** Warnings and errors go to stderr; everything else to stdout. */
  stream: 'stdout' | 'stderr';
}

export interface Writer {
  write(text: string): unknown;
}

/** The line (if any) for event `e`, given the state before (`prev`) and after (`next`) it. */
export function formatPlain(e: DashboardEvent, prev: ViewState, next: ViewState): PlainLine | null {
  const out = (text: string): PlainLine => ({ text, stream: 'stdout' });
  const trialOwned = trialRunning(prev) && (e.type === 'run:start' || e.type === 'epoch:start' || e.type === 'batch:end' || e.type === 'epoch:end');
  if (trialOwned) return null;
  switch (e.type) {
    case 'run:start': {
      const m = e.model;
      const resumed = e.startEpoch > 1 ? `  resuming at epoch ${e.startEpoch}` : '';
      return out(
        `run ${e.name}  ${m.inputs}-${m.hidden}-${m.outputs}  seed ${e.seed}  backend ${e.backend}  ` +
          `train ${e.data.train} test ${e.data.test}${e.data.validation ? ` val ${e.data.validation}` : ''}  ` +
          `${e.epochs} epochs × ${e.batchesPerEpoch} batches of ${e.batchSize}${resumed}${e.runDir ? `  -> ${e.runDir}` : ''}`,
      );
    }
    case 'epoch:end':
      return out(epochLine(e.metrics, e.epochs));
    case 'batch:end':
      return out(
        `  epoch ${e.epoch}/${next.epochs || '?'}  batch ${e.batch}/${e.batches}  loss ${f.loss(e.loss)} acc ${f.pct(e.acc)}  ` +
          `${f.rate(e.samplesPerSec)}  ETA ${f.clock(next.eta)}`,
      );
    case 'artifact':
      return out(`wrote ${e.kind}: ${e.path}`);
    case 'trial:start':
      return out(`trial ${e.trial}/${e.total} started  ${f.params(e.params)}${e.worker ? `  on ${e.worker}` : ''}`);
    case 'trial:end': {
      const best = next.bestTrial === e.trial ? '  (best so far)' : '';
      const why = e.status === 'failed' && e.error ? `  ${e.error}` : '';
      const worker = next.trials.find((t) => t.trial === e.trial)?.worker;
      const where = worker ? `  on ${worker}` : '';
      return out(`trial ${e.trial}/${e.total} ${e.status}  val acc ${f.pct(e.valAcc)}  ${f.secs(e.seconds)}  ${f.params(e.params)}${where}${best}${why}`);
    }
    case 'warning':
      return { text: `warning: ${e.message}`, stream: 'stderr' };
    case 'error':
      return { text: `error: ${e.message}`, stream: 'stderr' };
    case 'stage:start':
      return out(`stage ${e.id} (${e.stage})`);
    case 'stage:end':
      return out(`stage ${e.id} done in ${f.secs(e.seconds)}`);
    case 'log':
      return out(e.message);
    case 'dashboard:stopping':
      // The first request and the first "please wait"; more presses add nothing new to say.
      return next.stopRequests > prev.stopRequests && next.stopRequests <= 2 ? { text: stoppingText(next.stopRequests), stream: 'stderr' } : null;
    case 'checkpoint':
    case 'epoch:start':
    case 'epoch:samples':
    case 'run:end':
    case 'dashboard:paused':
    case 'result':
      // checkpoints come every epoch (the summary names the last); augmented digits are for the
      // dashboard's eyes only; the session prints the result.
      return null;
  }
}

/** `epoch 3/50  lr 0.0903  train loss 0.0812 acc 97.61%  test loss 0.0901 acc 97.32%  4.1s  14630 img/s` */
export function epochLine(m: { epoch: number; lr: number; trainLoss: number; trainAcc: number; testLoss: number; testAcc: number; seconds: number; samplesPerSec: number; valAcc?: number }, epochs: number): string {
  const val = m.valAcc !== undefined ? `  val acc ${f.pct(m.valAcc)}` : '';
  return (
    `epoch ${m.epoch}/${epochs}  lr ${f.lr(m.lr)}  train loss ${f.loss(m.trainLoss)} acc ${f.pct(m.trainAcc)}  ` +
    `test loss ${f.loss(m.testLoss)} acc ${f.pct(m.testAcc)}${val}  ${f.secs(m.seconds)}  ${f.rate(m.samplesPerSec)}`
  );
}

/**
 * Writes the line of each event, throttling batch progress. It keeps no view state: subscribe
 * `onEvent` to the ViewStore that folds the events (the clock is the state's `lastAt`).
 */
export class PlainLog {
  private lastBatchLine = -Infinity;

  constructor(
    private readonly stdout: Writer,
    private readonly stderr: Writer,
  ) {}

  onEvent = (e: DashboardEvent, prev: ViewState, next: ViewState): void => {
    const t = next.lastAt ?? 0;
    if (e.type === 'epoch:end' || e.type === 'run:start') this.lastBatchLine = t; // a line was just printed
    if (e.type === 'batch:end') {
      if (t - this.lastBatchLine < BATCH_LINE_MS) return;
      this.lastBatchLine = t;
    }
    const line = formatPlain(e, prev, next);
    if (line) (line.stream === 'stderr' ? this.stderr : this.stdout).write(`${line.text}\n`);
  };
}
