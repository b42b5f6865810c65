/** The `executor: "queue"` option that train.sweep and train.seeds share: trials on `mnist worker`s. */
import { z } from 'zod';
import { QueueExecutor, resolveRedisUrl, REDIS_URL_ENV } from '@mnist-ts/queue';
import type { TrainData } from '@mnist-ts/train';
import type { StageContext } from '../stage.js';

export const queueParams = {
  redis: z.string().optional().meta({ description: `For executor "queue": redis://[:password@]host:port, or rediss:// for TLS (default: $${REDIS_URL_ENV})` }),
};

/**
 * Connects to the queue; workers get `data` itself (by content hash), never a path to load, so
 * they train on exactly the rows this run holds. Trial models and metrics land in runDir/trials/.
 */
export function openQueueExecutor(redis: string | undefined, data: TrainData, context: StageContext): Promise<QueueExecutor> {
  const url = resolveRedisUrl(redis, `params.redis`);
  return QueueExecutor.open({ url, data, outDir: context.runDir, log: (line) => context.log(line) });
}
