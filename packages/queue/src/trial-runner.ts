/**
 * One trial on a worker: train with a checkpoint to Redis after every epoch, and start from the
 * checkpoint a lost worker left there. The trainer resumes at an epoch boundary with the exact
 * state (weights, step, RNG, metrics), so a trial moved between workers ends bit-identical to
 * one that never moved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '@mnist-ts/nn';
import { loadCheckpoint, train, type TrainData, type TrainEvent, type TrainOptions } from '@mnist-ts/train';
import type { Redis } from 'ioredis';
import { fetchData } from './data-blob.js';
import type { TrialJobData, TrialJobResult, TrialProgress } from './job.js';
import { checkpointKey, modelKey } from './keys.js';

/** Models and checkpoints stay in Redis a week after their trial, for coordinators to collect. */
const RESULT_TTL_SECONDS = 7 * 24 * 3600;

export const workerName = (): string => `${hostname()}:${process.pid}`;

/** The last data this thread fetched, by hash: a sweep's trials share it. */
let cached: { hash: string; data: TrainData } | null = null;

async function dataFor(redis: Redis, hash: string): Promise<TrainData> {
  if (cached?.hash !== hash) {
    const { train: t, validation, test } = await fetchData(redis, hash);
    // An empty validation part (a seed study holds nothing out) is no validation at all.
    cached = { hash, data: validation.count > 0 ? { train: t, validation, test } : { train: t, test } };
  }
  return cached.data;
}

/** The checkpoint a previous attempt left, if it belongs to this exact trial. */
async function savedStart(redis: Redis, jobId: string, job: TrialJobData, dir: string): Promise<TrainOptions['resume']> {
  const bytes = await redis.getBuffer(checkpointKey(jobId));
  if (!bytes) return undefined;
  const path = join(dir, 'previous.safetensors');
  writeFileSync(path, bytes);
  const saved = loadCheckpoint(path);
  if (JSON.stringify(saved.config) !== JSON.stringify(job.config)) return undefined; // not ours: start over
  return { net: saved.net, state: saved.state };
}

export async function runQueuedTrial(jobId: string, job: TrialJobData, redis: Redis, report: (p: TrialProgress) => Promise<void>, backend: string): Promise<TrialJobResult> {
  const worker = workerName();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mnist-trial-'));
  try {
    const data = await dataFor(redis, job.dataHash);
    const resume = await savedStart(redis, jobId, job, dir);
    const resumedFrom = resume ? resume.state.epoch - 1 : 0;
    await report({ kind: 'start', worker, fromEpoch: resumedFrom, backend });
    // Checkpoint uploads and reports run in order, beside training; all are awaited at the end.
    let pending: Promise<unknown> = Promise.resolve();
    const emit = (e: TrainEvent) => {
      if (e.type === 'checkpoint') {
        const bytes = readFileSync(e.path);
        pending = pending.then(() => redis.set(checkpointKey(jobId), bytes, 'EX', RESULT_TTL_SECONDS));
      } else if (e.type === 'epoch:end') {
        pending = pending.then(() => report({ kind: 'epoch', worker, metrics: e.metrics, epochs: e.epochs }));
      }
    };
    const base = { params: job.params };
    try {
      const result = await train(job.config, data, { emit, runDir: dir, ...(resume ? { resume } : {}), name: jobId });
      await pending;
      let best = -1, bestEpoch = 0;
      for (const m of result.metrics) if ((m.valAcc ?? -1) > best) [best, bestEpoch] = [m.valAcc ?? -1, m.epoch];
      const model = encodeModel(result.net, {
        normalization: job.config.normalize === 'unit' ? 'x/255' : 'x/255*0.99+0.01',
        testAccuracy: String(result.testAcc), epochs: String(result.epochs), seed: String(job.config.seed), spec: JSON.stringify(job.config),
      });
      await redis.multi().set(modelKey(jobId), Buffer.from(model), 'EX', RESULT_TTL_SECONDS).del(checkpointKey(jobId)).exec();
      // Seconds include the earlier attempts' training (carried in the checkpoint's state).
      const seconds = (resume?.state.seconds ?? 0) + (performance.now() - t0) / 1000;
      const outcome = { ...base, status: 'ok' as const, valAcc: best, bestEpoch, testAcc: result.testAcc, seconds };
      return { outcome, metrics: result.metrics, worker, resumedFrom };
    } catch (e) {
      // A trial that diverges fails the same way on every worker: a result, not a retry.
      await pending;
      const outcome = { ...base, status: 'failed' as const, valAcc: null, bestEpoch: null, testAcc: null, seconds: (performance.now() - t0) / 1000, error: (e as Error).message };
      return { outcome, metrics: [], worker, resumedFrom };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
