import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '@mnist-ts/mnist-data';
import { startWorker, type RunningWorker } from '@mnist-ts/queue';
import { startRedis, type TestRedis } from '@mnist-ts/queue/testing';
import { train } from '@mnist-ts/train';
import { runPipeline, type PipelineSpecInput } from '../index.js';
import { rejection, removeTempDirs, tempDir } from '../test-specs.js';

afterAll(removeTempDirs);

const TRAINING = { hidden: 8, epochs: 1, batchSize: 50 };
const seedsSpec = (params: Record<string, unknown>): PipelineSpecInput => ({
  name: 'seeds', seed: 1,
  stages: [
    { id: 'mnist', type: 'data.mnist', params: { limit: 500, testLimit: 200 } },
    { id: 'seeds', type: 'train.seeds', inputs: { data: 'mnist.datasets' }, params: { seeds: 3, ...TRAINING, ...params } },
  ],
});

interface Summary {
  testAcc: { n: number; median: number; mean: number; min: number; max: number };
  runs: { seed: number; testAcc: number }[];
}
const summary = async (params: Record<string, unknown>): Promise<Summary> => {
  const run = await runPipeline(seedsSpec(params), { runDir: join(tempDir(), 'run') });
  return JSON.parse(readFileSync(join(run.runDir, 'seeds.json'), 'utf8')) as Summary;
};

describe('train.seeds', () => {
  let redis: TestRedis;
  let worker: RunningWorker;
  beforeAll(async () => {
    redis = await startRedis();
    worker = await startWorker({ url: redis.url, concurrency: 1 });
  });
  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
  });

  it("reports the median, mean and range of the seeds' test accuracy, each seed trained on all of train", async () => {
    const s = await summary({ threads: 1 });
    // Independently: train() itself, once per seed, on the same 500 rows.
    const { train: all, test } = loadMnist();
    const direct: number[] = [];
    for (const seed of [1, 2, 3]) direct.push((await train({ ...TRAINING, seed, finalTrainPass: false }, { train: all.take(500), test: test.take(200) })).testAcc);
    expect(s.runs.map((r) => r.testAcc).sort()).toEqual([...direct].sort());
    const sorted = [...direct].sort((a, b) => a - b);
    expect(s.testAcc).toEqual({ n: 3, median: sorted[1], mean: (direct[0]! + direct[1]! + direct[2]!) / 3, min: sorted[0], max: sorted[2] });
  });

  it('gives the same study on the queue executor', async () => {
    const threads = await summary({ threads: 1 });
    const queued = await summary({ executor: 'queue', redis: redis.url });
    expect(queued.testAcc).toEqual(threads.testAcc);
  });

  it('names the field when the queue has no Redis URL', async () => {
    const saved = process.env.MNIST_REDIS_URL;
    delete process.env.MNIST_REDIS_URL;
    try {
      const e = await rejection(runPipeline(seedsSpec({ executor: 'queue' }), { runDir: join(tempDir(), 'run') }));
      expect(e.message).toMatchInlineSnapshot(`"stage "seeds" (train.seeds) failed: NO_REDIS_URL: params.redis: the queue executor needs a Redis URL: set it there or in MNIST_REDIS_URL (e.g. redis://127.0.0.1:6379)"`);
    } finally {
      if (saved !== undefined) process.env.MNIST_REDIS_URL = saved;
    }
  });
});
