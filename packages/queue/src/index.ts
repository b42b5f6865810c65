export { QueueError, REDIS_URL_ENV, checkRedisUrl, connectRedis, redactUrl, resolveRedisUrl } from './redis.js';
export { QUEUE_NAME, KEY_PREFIX, checkpointKey, dataKey, modelKey, trialConfig, trialJobId } from './keys.js';
export { decodeTrialData, encodeTrialData, fetchData, publishData } from './data-blob.js';
export type { TrialJobData, TrialJobResult, TrialProgress } from './job.js';
export { runQueuedTrial, workerName } from './trial-runner.js';
export { startWorker, processorFile, type RunningWorker, type WorkerOptions } from './worker.js';
export { QueueExecutor, type QueueExecutorOptions } from './executor.js';
