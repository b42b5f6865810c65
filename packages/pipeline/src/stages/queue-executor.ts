/** The `executor: "queue"` option that train.sweep and train.seeds share: trials on `mnist worker`s. */
import { z } from 'zod';
import type { QueueExecutor } from '@mnist-ts/queue';
import type { StageContext } from '../stage.js';

export const queueParams = {
  // MNIST_REDIS_URL is @mnist-ts/queue's REDIS_URL_ENV, spelt out: the package loads only for a queue run.
  redis: z.string().optional().meta({ description: 'For executor "queue": redis://[:password@]host:port, or rediss:// for TLS (default: $MNIST_REDIS_URL)' }),
};

/**
 * Connects to the queue. Workers get each trial's data itself (published under its digest),
 * never a path to load; trial models and metrics land in <runDir>/trials/<n>/. BullMQ and ioredis
 * are imported here, on first use, so a run without a queue never loads them.
 */
export async function openQueueExecutor(redis: string | undefined, context: StageContext): Promise<QueueExecutor> {
  const { QueueExecutor, resolveRedisUrl } = await import('@mnist-ts/queue');
  const url = resolveRedisUrl(redis, `params.redis`);
  return QueueExecutor.open({ url, outDir: context.runDir, log: (line) => context.log(line) });
}
