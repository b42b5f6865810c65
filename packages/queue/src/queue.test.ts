import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { decodeModel } from '@mnist-ts/nn';
import { holdOut, InlineExecutor, loadDataRef, LocalThreadExecutor, runSweep, trialDataOf, type SweepOptions, type TrialOutcome } from '@mnist-ts/train';
import { fetchData, publishData } from './data-blob.js';
import { QueueExecutor } from './executor.js';
import { dataKey } from './keys.js';
import { runSeedStudy, spread } from '@mnist-ts/train';
import { startRedis, type TestRedis } from './testing.js';
import { startWorker, type RunningWorker } from './worker.js';

// Small real MNIST so the file stays fast: 1,200 training rows (300 held out), 300 test rows.
const MNIST = loadDataRef({ kind: 'mnist', limit: 1200, testLimit: 300 });
const DATA = trialDataOf(holdOut(MNIST, 300, 7));
const SWEEP: Omit<SweepOptions, 'executor'> = {
  space: { mode: 'grid', params: { hidden: [8, 16], lr: [0.1, 0.03] } },
  config: { epochs: 2, batchSize: 32 }, data: DATA, seed: 7,
};
/** What must agree between executors: everything but the wall-clock time. */
const results = (trials: TrialOutcome[]) =>
  trials.map(({ seconds: _s, ...rest }) => JSON.stringify(Object.fromEntries(Object.entries(rest).sort()))).sort();

describe('trials on a BullMQ queue (a real redis-server, two in-process workers)', () => {
  let redis: TestRedis;
  let workers: RunningWorker[] = [];
  const lines: string[] = [];
  const started = () => lines.filter((l) => / started/.test(l)).length;

  beforeAll(async () => {
    redis = await startRedis();
    workers = await Promise.all([1, 2].map(() => startWorker({ url: redis.url, concurrency: 1, log: (l) => lines.push(l) })));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await redis?.stop();
  });

  it("gives the thread executor's results, and brings each trial's model and metrics home", async () => {
    const threads = new LocalThreadExecutor(2);
    const byThreads = await runSweep({ ...SWEEP, executor: threads }).finally(() => threads.close());
    const out = mkdtempSync(join(tmpdir(), 'queue-sweep-'));
    const queue = await QueueExecutor.open({ url: redis.url, outDir: out });
    const events: string[] = [];
    const byQueue = await runSweep({ ...SWEEP, executor: queue, emit: (e) => e.type === 'trial:start' && events.push(e.worker ?? '?') }).finally(() => queue.close());
    expect(results(byQueue.trials)).toEqual(results(byThreads.trials));
    expect(byQueue.best?.params).toEqual(byThreads.best?.params);
    expect(new Set(events)).toEqual(new Set(workers.map((w) => w.name))); // both workers took trials, and said so
    for (const t of byQueue.trials) {
      const dir = join(out, 'trials', String(t.trial));
      expect(decodeModel(readFileSync(join(dir, 'model.safetensors'))).net.config.hidden).toBe(t.params.hidden);
      expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    }
  });

  it('collects a finished trial enqueued again instead of training it again', async () => {
    const before = started();
    const queue = await QueueExecutor.open({ url: redis.url });
    const again = await runSweep({ ...SWEEP, executor: queue }).finally(() => queue.close());
    expect(again.trials.every((t) => t.status === 'ok')).toBe(true);
    expect(started()).toBe(before);
    // A different seed is a different trial: it does train.
    const other = await QueueExecutor.open({ url: redis.url });
    await runSweep({ ...SWEEP, config: { ...SWEEP.config, seed: 8 }, space: { mode: 'grid', params: { hidden: [8] } }, executor: other }).finally(() => other.close());
    expect(started()).toBe(before + 1);
    // Finished trials whose models expired from Redis are trained again when a run directory wants it.
    const client = new Redis(redis.url);
    await client.del(...(await client.keys('mnist:model:*')));
    client.disconnect();
    const out = mkdtempSync(join(tmpdir(), 'queue-expired-'));
    const third = await QueueExecutor.open({ url: redis.url, outDir: out });
    const rerun = await runSweep({ ...SWEEP, executor: third }).finally(() => third.close());
    expect(started()).toBe(before + 1 + 4);
    expect(rerun.trials.every((t) => t.status === 'ok')).toBe(true);
  });

  it('runs a seed study with the same spread as in this thread', async () => {
    const nothingHeldOut = trialDataOf({ train: MNIST.train, validation: MNIST.train.take(0), test: MNIST.test });
    const study = { config: { hidden: 8, epochs: 1, batchSize: 32 }, seeds: [1, 2, 3], data: nothingHeldOut };
    const inline = await runSeedStudy({ ...study, executor: new InlineExecutor() });
    const queue = await QueueExecutor.open({ url: redis.url });
    const queued = await runSeedStudy({ ...study, executor: queue }).finally(() => queue.close());
    expect(queued.testAcc).toEqual(inline.testAcc);
    expect(queued.runs.map((r) => r.valAcc)).toEqual([null, null, null]); // nothing held out
  });

  it('refuses data whose bytes do not hash to the name a trial gave', async () => {
    const client = new Redis(redis.url);
    try {
      await publishData(client, DATA);
      const hash = DATA.digest;
      expect((await fetchData(client, hash)).train.count).toBe(900);
      const bytes = (await client.getBuffer(dataKey(hash)))!;
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1; // one label bit
      await client.set(dataKey(hash), bytes);
      await expect(fetchData(client, hash)).rejects.toThrow(`hashes to`);
      await expect(fetchData(client, '0'.repeat(64))).rejects.toThrow('is not in Redis');
    } finally {
      client.disconnect();
    }
  });
});

describe('spread', () => {
  it('is the median (middle two averaged), the mean and the range', () => {
    expect(spread([0.3, 0.1, 0.2])).toEqual({ n: 3, median: 0.2, mean: (0.3 + 0.1 + 0.2) / 3, min: 0.1, max: 0.3 });
    expect(spread([1, 10, 2, 3])).toEqual({ n: 4, median: 2.5, mean: 4, min: 1, max: 10 });
    expect(spread([])).toBeNull();
  });
});

