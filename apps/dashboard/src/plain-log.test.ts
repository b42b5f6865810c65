import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '@mnist-ts/train';
import { BATCH_LINE_MS, PlainLog, epochLine } from './plain-log.js';
import { RUN_START, augmentedEvents, metricsAt, sweepEvents, trainEvents } from './test-events.js';
import { ViewStore } from './view-store.js';

function log(events: { e: TrainEvent; at: number }[]) {
  let out = '';
  let err = '';
  let now = 0;
  const store = new ViewStore(() => now);
  store.subscribe(new PlainLog({ write: (s: string) => (out += s) }, { write: (s: string) => (err += s) }).onEvent);
  for (const { e, at } of events) {
    now = at;
    store.dispatch(e);
  }
  return { out, err };
}

const batch = (n: number): TrainEvent => ({ type: 'batch:end', epoch: 1, batch: n, batches: 938, loss: 0.5, acc: 0.9, samplesPerSec: 14630.4 });

describe('plain log', () => {
  it('formats an epoch as one line', () => {
    expect(epochLine({ ...metricsAt(3), lr: 0.0903, trainLoss: 0.0812, trainAcc: 0.9761, testLoss: 0.0901, testAcc: 0.9732 }, 50)).toBe(
      'epoch 3/50  lr 0.0903  train loss 0.0812 acc 97.61%  test loss 0.0901 acc 97.32%  4.1s  14630 img/s',
    );
  });

  it('prints batch progress at most every BATCH_LINE_MS', () => {
    const times = [0, 1000, 4000, 5100, 6000, 9000, 10_300];
    const { out } = log([{ e: RUN_START, at: 0 }, ...times.slice(1).map((at, i) => ({ e: batch(i + 1), at }))]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3); // run line, then batches at 5.1 s and 10.3 s
    expect(lines[1]).toMatch(/^ {2}epoch 1\/50 {2}batch 3\/938 {2}loss 0\.5000 acc 90\.00% {2}14630 img\/s {2}ETA /);
    expect(BATCH_LINE_MS).toBe(5000);
  });

  it('sends warnings and errors to stderr and never writes ANSI', () => {
    const { out, err } = log([
      { e: RUN_START, at: 0 },
      { e: { type: 'warning', message: 'backend wasm-simd skipped' }, at: 1 },
      { e: { type: 'error', message: 'spec.json: stages[0].type: unknown', code: 'SPEC_SCHEMA' }, at: 2 },
      { e: { type: 'epoch:end', epochs: 50, metrics: metricsAt(1), preview: [new Float32Array(784)] }, at: 3 },
    ]);
    expect(err).toBe('warning: backend wasm-simd skipped\nerror: spec.json: stages[0].type: unknown\n');
    expect(out + err).not.toMatch(/\x1b/);
    expect(out.split('\n')[1]).toMatch(/^epoch 1\/50 {2}lr 0\.1 /);
  });

  it('prints nothing for augmented digits: an augmented run logs the lines of a plain one', () => {
    const at = (events: TrainEvent[]) => events.map((e) => ({ e, at: e.type === 'epoch:end' ? e.metrics.epoch * 10_000 : 0 }));
    const augmented = log(at(augmentedEvents(2)));
    expect(augmented.out).toContain('epoch 2/50  lr');
    expect(augmented).toEqual(log(at(trainEvents(2))));
  });

  it('a sweep prints trials, not the trials’ own run lines', () => {
    const { out } = log(sweepEvents(9, 2).map((e, i) => ({ e, at: i })));
    expect(out).toMatchInlineSnapshot(`
      "stage sweep (train.sweep)
      trial 1/9 started  hidden=128 lr=0.05
      trial 1/9 ok  val acc 97.10%  31.0s  hidden=128 lr=0.05  (best so far)
      trial 2/9 started  hidden=128 lr=0.1
      trial 2/9 ok  val acc 96.20%  32.0s  hidden=128 lr=0.1
      trial 3/9 started  hidden=128 lr=0.2
      trial 4/9 started  hidden=256 lr=0.05
      "
    `);
  });
});
