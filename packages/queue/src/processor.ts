/**
 * BullMQ's sandboxed processor: each of a worker's `--concurrency` slots is a worker thread that
 * runs this file, so trials train in parallel while the worker's main thread keeps the job locks
 * renewed. The thread opens its own Redis connection from MNIST_QUEUE_WORKER_REDIS (set by
 * startWorker) for the data, checkpoints and models.
 */
import type { SandboxedJob } from 'bullmq';
import { Redis } from 'ioredis';
import { listBackends, setBackend } from '@mnist-ts/tensor';
import type { TrialJobData, TrialJobResult } from './job.js';
import { PROCESSOR_BACKEND_ENV, PROCESSOR_REDIS_ENV } from './keys.js';
import { runQueuedTrial } from './trial-runner.js';

// The slots already fill the cores: by default each takes the best backend that starts no threads
// of its own ('single-thread'); `mnist worker --backend NAME` asks for another.
const wanted = process.env[PROCESSOR_BACKEND_ENV] ?? 'single-thread';
const single = listBackends().find((b) => (b.threads ?? 1) === 1);
const ready = setBackend(wanted === 'single-thread' ? (single?.name ?? 'auto') : wanted);
let redis: Redis | null = null;

export default async function processTrial(job: SandboxedJob<TrialJobData, TrialJobResult>): Promise<TrialJobResult> {
  const { backend } = await ready;
  redis ??= new Redis(process.env[PROCESSOR_REDIS_ENV]!, { maxRetriesPerRequest: null });
  return runQueuedTrial(job.id!, job.data, redis, (p) => job.updateProgress(p), backend.name);
}
