import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIdxImages, encodeIdxLabels } from '@mnist-ts/mnist-data';
import { runSweep } from './sweep.js';
import { expandSpace, PAPER_SWEEP, type TrialParams } from './sweep-plan.js';
import { InlineExecutor, LocalThreadExecutor, trialStart } from './thread-executor.js';
import { trialDataOf, type TrialData, type TrialExecutor, type TrialOutcome, type TrialSpec } from './executor.js';
import { holdOut, loadDataRef } from './trial.js';
import type { TrainEvent } from './events.js';
import { syntheticData } from './test-data.js';

/** Generated data written as IDX files and read back, with 100 validation rows held out. */
function idxData(): TrialData {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-data-'));
  const write = (name: string, count: number, seed: number) => {
    const ds = syntheticData(count, seed);
    writeFileSync(join(dir, `${name}-images-idx3-ubyte`), encodeIdxImages(ds.images));
    writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), encodeIdxLabels(ds.labels));
    return { images: join(dir, `${name}-images-idx3-ubyte`), labels: join(dir, `${name}-labels-idx1-ubyte`) };
  };
  return trialDataOf(holdOut(loadDataRef({ kind: 'idx', train: write('train', 500, 1), test: write('test', 100, 2) }), 100, 2));
}

/** An executor that scores trials by a formula, to test the search logic without training. */
class ScoringExecutor implements TrialExecutor {
  readonly concurrency = 4;
  seen: TrialParams[] = [];
  constructor(private score: (p: TrialParams) => number) {}
  async run(spec: TrialSpec, onEvent: (e: TrainEvent) => void): Promise<TrialOutcome> {
    onEvent(trialStart(spec));
    this.seen.push(spec.params);
    return { trial: spec.trial, params: spec.params, status: 'ok', valAcc: this.score(spec.params), bestEpoch: 1, testAcc: 0.5, seconds: 0 };
  }
  async close() {}
}

describe('the paper search preset', () => {
  it('has H ∈ {128, 256, 512} plus 6 distinct seeded sizes in [480, 540]', () => {
    const v = expandSpace(PAPER_SWEEP, 1);
    expect(v.hidden!.slice(0, 3)).toEqual([128, 256, 512]);
    const extra = v.hidden!.slice(3) as number[];
    expect(extra).toHaveLength(6);
    expect(new Set(extra).size).toBe(6);
    for (const h of extra) expect(h >= 480 && h <= 540 && Number.isInteger(h)).toBe(true);
    expect(expandSpace(PAPER_SWEEP, 1)).toEqual(v);
    expect(v.lr).toEqual([1e-1, 1e-2, 1e-3, 1e-4]);
    expect(v.l2).toEqual([1e-6, 1e-5, 1e-4, 1e-3]);
  });

  it('stage-wise: fixes the best H, then the best lr, then searches λ', async () => {
    // Best H = 256, best lr = 0.01, best λ = 1e-5 under this made-up score.
    const score = (p: TrialParams) => -Math.abs(Number(p.hidden) - 256) / 1000 - Math.abs(Math.log10(Number(p.lr)) + 2) - Math.abs(Math.log10(Number(p.l2)) + 5);
    const ex = new ScoringExecutor(score);
    const starts: number[] = [];
    const r = await runSweep({
      space: PAPER_SWEEP, config: { epochs: 1 }, data: idxData(), seed: 1, executor: ex,
      emit: (e) => e.type === 'trial:start' && starts.push(e.total),
    });
    expect(new Set(starts)).toEqual(new Set([15]));
    expect(r.best?.params).toEqual({ hidden: 256, lr: 0.01, l2: 1e-5 });
    // 9 sizes, then 3 new learning rates, then 3 new λ: the repeated combination is not rerun.
    expect(ex.seen).toHaveLength(15);
    expect(ex.seen.slice(9, 12).every((p) => p.hidden === 256 && p.l2 === 1e-4)).toBe(true);
    expect(ex.seen.slice(12).every((p) => p.hidden === 256 && p.lr === 0.01)).toBe(true);
  });
});

describe('runSweep on real training (small generated data)', () => {
  it('a trial that goes NaN is recorded as failed and the sweep goes on; a rerun skips finished trials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const logPath = join(dir, 'sweep.jsonl');
    const events: TrainEvent[] = [];
    const opts = {
      space: { mode: 'grid' as const, params: { hidden: [8, 16], lr: [0.1, 1e6] } },
      config: { epochs: 2, batchSize: 32 },
      data: idxData(),
      seed: 2,
      logPath,
      emit: (e: TrainEvent) => events.push(e),
    };
    const r = await runSweep({ ...opts, executor: new InlineExecutor() });
    expect(r.trials.map((t) => t.status)).toEqual(['ok', 'failed', 'ok', 'failed']);
    expect(r.trials[1]!.error).toMatch(/try a lower learning rate/);
    expect(r.best?.params.lr).toBe(0.1);
    expect(r.best!.valAcc).toBeGreaterThan(0.5);
    const lines = readFileSync(logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialOutcome);
    expect(lines).toHaveLength(4);
    expect(events.filter((e) => e.type === 'trial:end')).toHaveLength(4);

    events.length = 0;
    const again = await runSweep({ ...opts, executor: new InlineExecutor() });
    // Finished (ok) trials come from the log; only the failed ones run again.
    expect(events.filter((e) => e.type === 'trial:start')).toHaveLength(2);
    expect(again.best?.params).toEqual(r.best?.params);
  });

  const built = existsSync(fileURLToPath(new URL('../dist/trial-worker.js', import.meta.url)));
  it.runIf(built)('worker threads give the same results as running inline', async () => {
    const opts = {
      space: { mode: 'grid' as const, params: { hidden: [8, 12], lr: [0.1] } },
      config: { epochs: 1, batchSize: 32 },
      data: idxData(),
      seed: 3,
    };
    const inline = await runSweep({ ...opts, executor: new InlineExecutor() });
    const pool = new LocalThreadExecutor(2);
    try {
      const threaded = await runSweep({ ...opts, executor: pool });
      expect(threaded.trials.map((t) => t.error ?? t.valAcc)).toEqual(inline.trials.map((t) => t.valAcc));
    } finally {
      await pool.close();
    }
  });
});

describe('the data trials train on', () => {
  it('is keyed by a hash of its bytes: one changed pixel or label gives another key', () => {
    const d = idxData();
    const same = trialDataOf({ train: d.train, validation: d.validation, test: d.test });
    expect(same.digest).toBe(d.digest);
    const images = d.train.images.slice();
    images[123] = (images[123]! + 1) % 256;
    expect(trialDataOf({ ...d, train: { ...d.train, images, count: d.train.count } }).digest).not.toBe(d.digest);
    const labels = d.test.labels.slice();
    labels[0] = (labels[0]! + 1) % 10;
    expect(trialDataOf({ ...d, test: { ...d.test, labels, count: d.test.count } }).digest).not.toBe(d.digest);
  });
});
