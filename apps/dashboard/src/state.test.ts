import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '@mnist-ts/train';
import { BATCH_HISTORY, elapsed, estimateEta, initialState, reduce, reduceAll, runFraction, type ViewState } from './state.js';
import { summaryLines } from './summary.js';
import { RUN_START, augmentedEvents, metricsAt, sweepEvents, trainEvents } from './test-events.js';

const fold = (events: TrainEvent[], times: number[]): ViewState =>
  events.reduce((s, e, i) => reduce(s, e, times[i] ?? times[times.length - 1]!), initialState);

describe('reduce: augmented digits', () => {
  it('keeps the latest epoch:samples only, and nothing for a plain run', () => {
    const events = augmentedEvents(3);
    const s = reduceAll(events);
    expect(s.samples?.epoch).toBe(3);
    expect(s.samples).not.toHaveProperty('type');
    expect(s.samples?.images).toHaveLength(8);
    const last = events.filter((e) => e.type === 'epoch:samples').at(-1)!;
    expect(s.samples?.images).toBe((last as Extract<TrainEvent, { type: 'epoch:samples' }>).images);
    expect(reduceAll(trainEvents(3)).samples).toBeNull();
  });
});

describe('reduce: a training run', () => {
  it('takes the run info from run:start and counts the whole run in batches', () => {
    const s = reduce(initialState, RUN_START, 1000);
    expect(s.status).toBe('running');
    expect(s.run).toMatchObject({ name: 'seed-best', seed: 1, backend: 'js', model: { hidden: 512 } });
    expect(s.run).not.toHaveProperty('type');
    expect([s.epoch, s.epochs, s.batches, s.totalBatches]).toEqual([1, 50, 938, 50 * 938]);
    expect(s.startedAt).toBe(1000);
  });

  it('tracks batch progress within the epoch and across the run', () => {
    const s = fold(
      [RUN_START, { type: 'epoch:start', epoch: 2, epochs: 50, lr: 0.095 }, { type: 'batch:end', epoch: 2, batch: 100, batches: 938, loss: 0.2, acc: 0.94, samplesPerSec: 12000 }],
      [0, 0, 0],
    );
    expect([s.epoch, s.batch, s.doneBatches]).toEqual([2, 100, 938 + 100]);
    expect(s.lr).toBe(0.095);
    expect(s.samplesPerSec).toBe(12000);
    expect(s.batchLoss).toEqual([0.2]);
    expect(runFraction(s)).toBeCloseTo(1038 / (50 * 938), 12);
  });

  it('counts a resumed run from its start epoch', () => {
    const s = reduce(reduce(initialState, { ...RUN_START, startEpoch: 11 }, 0), { type: 'batch:end', epoch: 11, batch: 10, batches: 938, loss: 1, acc: 0, samplesPerSec: 1 }, 0);
    expect(s.totalBatches).toBe(40 * 938);
    expect(s.doneBatches).toBe(10);
  });

  it('ETA is the batches left divided by the recent rate', () => {
    const b = (batch: number): TrainEvent => ({ type: 'batch:end', epoch: 1, batch, batches: 938, loss: 1, acc: 0.5, samplesPerSec: 1 });
    // 100 batches in 2 s = 50 batches/s; 50·938 − 200 left
    const s = fold([RUN_START, b(100), b(200)], [0, 1000, 3000]);
    expect(s.eta).toBeCloseTo((50 * 938 - 200) / 50, 9);
  });

  it('ETA falls back on mean epoch time before there is a recent rate', () => {
    const s = { ...initialState, totalBatches: 1000, doneBatches: 600, batches: 100, metrics: [metricsAt(1), { ...metricsAt(2), seconds: 5.9 }] };
    expect(estimateEta(s)).toBeCloseTo(4 * 5.0, 9); // 4 epochs left × mean 5.0 s
    expect(estimateEta({ ...s, metrics: [] })).toBeNull();
  });

  it('keeps per-epoch metrics, the latest W1 preview and the last checkpoint', () => {
    const s = reduceAll(trainEvents(3));
    expect(s.metrics.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(s.metrics[2]).toEqual(metricsAt(3));
    expect(s.preview).toHaveLength(4);
    expect(s.checkpoint).toEqual({ path: 'runs/seed-best-20250101-120000/checkpoint.safetensors', epoch: 3 });
    expect(s.doneBatches).toBe(3 * 938);
    expect(s.lr).toBeCloseTo(0.1 * 0.95 ** 2, 12);
  });

  it('caps the batch loss history', () => {
    const events: TrainEvent[] = [RUN_START];
    for (let i = 1; i <= BATCH_HISTORY + 10; i++) events.push({ type: 'batch:end', epoch: 1, batch: i, batches: 938, loss: i, acc: 0, samplesPerSec: 1 });
    const s = reduceAll(events);
    expect(s.batchLoss).toHaveLength(BATCH_HISTORY);
    expect(s.batchLoss[0]).toBe(11);
  });

  it('never mutates the state it is given', () => {
    const before = reduceAll(trainEvents(1));
    const frozen = JSON.stringify(before);
    reduce(before, { type: 'epoch:end', epochs: 50, metrics: metricsAt(2) }, 5);
    reduce(before, { type: 'warning', message: 'w' }, 5);
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('reduce: status', () => {
  it('pause, stop and the result move the status; a finished run ignores pause', () => {
    let s = reduce(initialState, RUN_START, 0);
    s = reduce(s, { type: 'dashboard:paused', paused: true }, 1);
    expect(s.status).toBe('paused');
    s = reduce(s, { type: 'dashboard:paused', paused: false }, 2);
    expect(s.status).toBe('running');
    s = reduce(s, { type: 'dashboard:stopping' }, 3);
    expect(s.status).toBe('stopping');
    s = reduce(s, { type: 'dashboard:paused', paused: true }, 4);
    expect(s.status).toBe('stopping');
    s = reduce(s, { type: 'result', status: 'interrupted', runDir: 'r' }, 5);
    expect(s.status).toBe('interrupted');
    expect(s.result).toEqual({ status: 'interrupted', runDir: 'r' });
    expect(reduce(s, { type: 'dashboard:paused', paused: true }, 6).status).toBe('interrupted');
  });

  it('collects warnings, errors and artifacts; elapsed stops at the end', () => {
    let s = reduce(initialState, { type: 'warning', message: 'slow backend' }, 1000);
    s = reduce(s, { type: 'error', message: 'boom', code: 'STAGE_FAILED' }, 2000);
    s = reduce(s, { type: 'artifact', kind: 'figure', path: 'f.png' }, 3000);
    expect(s.warnings).toEqual(['slow backend']);
    expect(s.errors).toEqual([{ message: 'boom', code: 'STAGE_FAILED' }]);
    expect(s.artifacts).toEqual([{ kind: 'figure', path: 'f.png' }]);
    expect(elapsed(s, 9000)).toBe(8);
    s = reduce(s, { type: 'run:end', status: 'failed' }, 4000);
    expect(elapsed(s, 9000)).toBe(3);
  });
});

describe('reduce: a sweep', () => {
  it('builds the trials table with the best so far and ignores trials’ own training events', () => {
    const s = reduceAll(sweepEvents(9, 5), 0, 1000);
    expect(s.trialsTotal).toBe(9);
    expect(s.trials.map((t) => [t.trial, t.status])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'ok'], [4, 'ok'], [5, 'ok'], [6, 'running'], [7, 'running']]);
    const best = s.trials.reduce((a, b) => ((b.valAcc ?? 0) > (a.valAcc ?? 0) ? b : a));
    expect(s.bestTrial).toBe(best.trial);
    expect(s.run).toBeNull(); // the trials' run:start events did not take over the view
    expect(runFraction(s)).toBeCloseTo(5 / 9, 12);
    // 4 left × mean 33 s, two at a time
    expect(s.eta).toBeCloseTo((4 * 33) / 2, 9);
  });

  it('a failed trial is never the best', () => {
    const params = { hidden: 8 };
    const s = reduceAll([
      { type: 'trial:start', trial: 1, total: 2, params },
      { type: 'trial:end', trial: 1, total: 2, params, status: 'failed', valAcc: 0.99, seconds: 1, error: 'NaN' },
      { type: 'trial:start', trial: 2, total: 2, params },
      { type: 'trial:end', trial: 2, total: 2, params, status: 'ok', valAcc: 0.5, seconds: 1 },
    ]);
    expect(s.bestTrial).toBe(2);
    expect(s.trials[0]).toMatchObject({ status: 'failed', error: 'NaN' });
  });
});

describe('summaryLines: the time a run took', () => {
  it('says the wall time of the whole run, not the training seconds of the result', () => {
    // training took 3 s of a run that went from t = 1 s to t = 11 s (loading, evaluation, figures)
    let s = reduce(initialState, RUN_START, 1000);
    s = reduce(s, { type: 'result', status: 'done', runDir: 'r', seconds: 3, epochs: 1 }, 11_000);
    expect(summaryLines(s, 99_000)[0]!.text).toMatch(/^✓ done in 0:10 /);
  });
});
