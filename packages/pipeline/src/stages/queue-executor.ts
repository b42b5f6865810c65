/**
 * Where train.sweep's and train.seeds' trials run: worker threads here, this thread, or
 * `mnist worker`s anywhere through Redis (`executor: "queue"`). @mnist-ts/queue (and with it
 * BullMQ and ioredis) is imported when a stage needs it, not when the pipeline is: under a
 * module-hooks loader on Node 20 (`node --import jiti/register`) BullMQ's CommonJS fails to load.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { activeBackend } from '@mnist-ts/tensor';
import { InlineExecutor, LocalThreadExecutor, type TrialExecutor } from '@mnist-ts/train';
import type { StageContext } from '@mnist-ts/pipeline-core';

/** @mnist-ts/queue's REDIS_URL_ENV (the type checks that the two agree). */
const REDIS_URL_ENV: typeof import('@mnist-ts/queue').REDIS_URL_ENV = 'MNIST_REDIS_URL';

export const queueParams = {
  redis: z.string().optional().meta({ description: `For executor "queue": redis://[:password@]host:port, or rediss:// for TLS (default: $${REDIS_URL_ENV})` }),
};

/**
 * The executor the params name. A queue's workers get each trial's data itself (published under
 * its digest), never a path to load; trial models and metrics land in <runDir>/trials/<n>/.
 */
export async function openExecutor(
  params: { executor: 'threads' | 'inline' | 'queue'; threads?: number; redis?: string }, context: StageContext,
): Promise<TrialExecutor> {
  if (params.executor === 'queue') {
    // BullMQ and ioredis load here, on first use: a run without a queue never loads them.
    const { QueueExecutor, resolveRedisUrl } = await import('@mnist-ts/queue');
    const url = resolveRedisUrl(params.redis, `params.redis`);
    return QueueExecutor.open({ url, outDir: context.runDir, log: (line) => context.log(line) });
  }
  return params.executor === 'threads' ? new LocalThreadExecutor(params.threads ?? availableParallelism(), workerBackend()) : new InlineExecutor();
}

/**
 * The backend of the worker threads: this thread's, so a trial trains as it would here, unless
 * it starts threads of its own (then the best single-threaded one: the workers fill the cores).
 */
function workerBackend(): string {
  const here = activeBackend();
  return (here.threads ?? 1) === 1 ? here.name : 'single-thread';
}
