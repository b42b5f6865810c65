/** The `executor: "queue"` option that train.sweep and train.seeds share: trials on `mnist worker`s. */
import { z } from 'zod';
import { QueueExecutor, resolveRedisUrl, REDIS_URL_ENV } from '@mnist-ts/queue';
import type { StageContext } from '../stage.js';

export const queueParams = {
  redis: z.string().optional().meta({ description: `For executor "queue": redis://[:password@]host:port, or rediss:// for TLS (default: $${REDIS_URL_ENV})` }),
};

/**
 * Connects to the queue. Workers get each trial's data itself (published under its digest),
 * never a path to load; trial models and metrics land in <runDir>/trials/<n>/.
 */
export function openQueueExecutor(redis: string | undefined, context: StageContext): Promise<QueueExecutor> {
  const url = resolveRedisUrl(redis, `params.redis`);
  return QueueExecutor.open({ url, outDir: context.runDir, log: (line) => context.log(line) });
}
