/** A machine's share of the work: pulls trials off the queue and runs `concurrency` at a time. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { TrialJobData, TrialJobResult, TrialProgress } from './job.js';
import { KEY_PREFIX, PROCESSOR_BACKEND_ENV, PROCESSOR_REDIS_ENV, QUEUE_NAME } from './keys.js';
import { connectRedis, redactUrl } from './redis.js';
import { workerName } from './trial-runner.js';

export interface WorkerOptions {
  url: string;
  /** Trials at once on this machine, each in its own thread (default 1). */
  concurrency?: number;
  /**
   * How long a trial's lock lasts without renewal (ms, default 30 s): a worker that dies loses
   * its trials to the others after about this long plus `stalledInterval`.
   */
  lockDuration?: number;
  /** How often this worker looks for trials whose worker died (ms, default 30 s). */
  stalledInterval?: number;
  /** The compute backend of each trial thread (default 'single-thread': the best one that starts no threads). */
  backend?: string;
  /** One line per thing that happened (picked a trial, finished one, lost Redis...). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  readonly name: string;
  close(): Promise<void>;
}

/** A trial may lose its worker this many times before it is failed for good. */
const MAX_STALLS = 5;

/** The built processor (worker threads run JavaScript: from the sources, dist/ is used). */
export function processorFile(): string {
  const here = fileURLToPath(new URL('./processor.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = fileURLToPath(new URL('../dist/processor.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the trial processor is not at ${here} or ${built}: build @mnist-ts/queue first`);
}

export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const log = o.log ?? (() => {});
  const { Worker } = await import('bullmq'); // loaded only when a worker starts
  const connection = await connectRedis(o.url, log);
  const name = workerName();
  const worker = new Worker<TrialJobData, TrialJobResult>(QUEUE_NAME, processorFile(), {
    connection, prefix: KEY_PREFIX, name,
    concurrency: o.concurrency ?? 1,
    lockDuration: o.lockDuration ?? 30_000,
    stalledInterval: o.stalledInterval ?? 30_000,
    maxStalledCount: MAX_STALLS,
    useWorkerThreads: true,
    // execArgv: [] so a thread never inherits a parent's --conditions (vitest's would send it to .ts files).
    workerThreadsOptions: { execArgv: [], env: { ...process.env, [PROCESSOR_REDIS_ENV]: o.url, [PROCESSOR_BACKEND_ENV]: o.backend ?? 'single-thread' } },
  });
  const params = (data: TrialJobData) => Object.entries(data.params).map(([k, v]) => `${k}=${v}`).join(' ');
  worker.on('progress', (job, p) => {
    const progress = p as TrialProgress;
    if (progress.kind === 'start') log(`${job.id} started${progress.fromEpoch ? ` from the checkpoint of epoch ${progress.fromEpoch}` : ''}  ${params(job.data)}  (${progress.backend})`);
    else log(`${job.id} epoch ${progress.metrics.epoch}/${progress.epochs}  val acc ${progress.metrics.valAcc ?? '-'}`);
  });
  worker.on('completed', (job, r) => log(`${job.id} ${r.outcome.status}  val acc ${r.outcome.valAcc}  ${r.outcome.seconds.toFixed(1)} s`));
  worker.on('failed', (job, e) => log(`${job?.id ?? 'a trial'} failed: ${e.message}`));
  worker.on('error', (e) => log(`worker error: ${e.message}`));
  await worker.waitUntilReady();
  log(`worker ${name} pulling trials from ${redactUrl(o.url)} (queue ${QUEUE_NAME}), ${o.concurrency ?? 1} at a time`);
  return {
    name,
    close: async () => {
      await worker.close();
      await connection.quit();
    },
  };
}
