/** Every Redis key and name this package uses, in one place. */
import { createHash } from 'node:crypto';
import { resolveConfig, type TrainConfig } from '@mnist-ts/train';

/** The BullMQ queue trials go through, and the prefix of its keys. */
export const QUEUE_NAME = 'mnist-trials';
export const KEY_PREFIX = 'mnist';
/** How a worker tells its processor threads where Redis is. */
export const PROCESSOR_REDIS_ENV = 'MNIST_QUEUE_WORKER_REDIS';
/** ...and which compute backend they use ('single-thread' by default). */
export const PROCESSOR_BACKEND_ENV = 'MNIST_QUEUE_WORKER_BACKEND';

export const dataKey = (hash: string): string => `${KEY_PREFIX}:data:${hash}`;
export const checkpointKey = (jobId: string): string => `${KEY_PREFIX}:checkpoint:${jobId}`;
export const modelKey = (jobId: string): string => `${KEY_PREFIX}:model:${jobId}`;

/** The settings a trial trains with, complete: what its job id is made of. */
export function trialConfig(config: Partial<TrainConfig>): TrainConfig {
  return resolveConfig({ ...config, finalTrainPass: false, previewUnits: 0 });
}

/**
 * A trial's job id: the hash of everything that decides its result, namely every training
 * setting (params included) and the hash of its data. Enqueueing the same trial again names the
 * same job, which BullMQ does not add twice, so a finished trial is collected, not retrained.
 */
export function trialJobId(config: TrainConfig, dataHash: string): string {
  const keys = Object.keys(config).sort() as (keyof TrainConfig)[];
  const canonical = JSON.stringify({ v: 1, data: dataHash, config: keys.map((k) => [k, config[k]]) });
  return `trial-${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}
