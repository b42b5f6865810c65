/**
 * The coordinator's side of the queue: each trial becomes a BullMQ job that any `mnist worker`
 * may take. Its id is the hash of the trial's settings and data (keys.ts), so a trial already
 * finished — by this coordinator before a crash, or by another sweep — is collected, not rerun.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '@mnist-ts/nn';
import { writeMetrics, type TrainEvent, type TrialExecutor, type TrialOutcome, type TrialSpec } from '@mnist-ts/train';
import { publishData } from './data-blob.js';
import type { TrialJobData, TrialJobResult, TrialProgress } from './job.js';
import { KEY_PREFIX, QUEUE_NAME, modelKey, trialConfig, trialJobId } from './keys.js';
import { QueueError, connectRedis, redactUrl } from './redis.js';

export interface QueueExecutorOptions {
  url: string;
  /** Each trial's model.safetensors, metrics.jsonl and trial.json go to <outDir>/trials/<n>/. */
  outDir?: string;
  /** Warnings: Redis going away, a trial moving to another worker. */
  log?: (line: string) => void;
}

type Listener = (p: TrialProgress) => void;

export class QueueExecutor implements TrialExecutor {
  /** Trials are all enqueued at once; how many run together is up to the workers. */
  readonly concurrency = Number.POSITIVE_INFINITY;
  private readonly listeners = new Map<string, Listener>();
  /** Digests whose data is (being) published: once per sweep's data. */
  private readonly published = new Map<string, Promise<void>>();

  private constructor(
    private readonly o: QueueExecutorOptions,
    private readonly redis: Redis,
    private readonly eventsRedis: Redis,
    private readonly queue: Queue<TrialJobData, TrialJobResult>,
    private readonly events: QueueEvents,
  ) {
    events.on('progress', ({ jobId, data }) => this.listeners.get(jobId)?.(data as TrialProgress));
  }

  /** Connects (a wrong URL or password fails here, naming the server) and listens for progress. */
  static async open(o: QueueExecutorOptions): Promise<QueueExecutor> {
    const log = o.log ?? (() => {});
    // BullMQ is loaded here, not at import: nothing of it runs for a user without Redis.
    const { Queue, QueueEvents } = await import('bullmq');
    const redis = await connectRedis(o.url, log);
    const eventsRedis = await connectRedis(o.url, log);
    const queue = new Queue<TrialJobData, TrialJobResult>(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsRedis, prefix: KEY_PREFIX });
    await events.waitUntilReady();
    await hintWithoutWorkers(queue, o);
    return new QueueExecutor(o, redis, eventsRedis, queue, events);
  }

  /** Puts the trial's data in Redis (once per digest); workers fetch it by that digest. */
  private async publish(spec: TrialSpec): Promise<string> {
    const { digest } = spec.data;
    if (!this.published.has(digest)) this.published.set(digest, publishData(this.redis, spec.data));
    await this.published.get(digest);
    return digest;
  }

  async run(spec: TrialSpec, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrialOutcome> {
    const config = trialConfig(spec.config);
    const dataHash = await this.publish(spec);
    const jobId = trialJobId(config, dataHash);
    const start = (worker: string) => onEvent({ type: 'trial:start', trial: spec.trial, total: spec.total, params: spec.params, worker });
    let worker: string | null = null;
    this.listeners.set(jobId, (p) => {
      if (p.kind !== 'start') return onEvent({ type: 'epoch:end', epochs: p.epochs, metrics: p.metrics });
      if (worker !== null && p.worker !== worker) this.o.log?.(`trial ${spec.trial} lost its worker ${worker}; ${p.worker} goes on from the checkpoint of epoch ${p.fromEpoch}`);
      worker = p.worker;
      start(p.worker);
    });
    try {
      // BullMQ adds nothing when a job with this id exists: a finished trial stays finished.
      const data: TrialJobData = { config, params: spec.params, dataHash };
      const opts = { jobId, removeOnComplete: false, removeOnFail: false };
      let job = await this.queue.add('trial', data, opts);
      const state = await job.getState();
      if (state === 'failed') await job.retry('failed'); // a coordinator run again retries its failed trials
      if (state === 'completed' && this.o.outDir && !(await this.hasModel(jobId))) {
        await job.remove(); // finished long ago and its model expired: train it again
        job = await this.queue.add('trial', data, opts);
      }
      const result = await untilFinished(job, this.events, signal);
      if (!result) return { trial: spec.trial, params: spec.params, status: 'failed', valAcc: null, bestEpoch: null, testAcc: null, seconds: 0, error: 'interrupted' };
      if (worker === null) {
        this.o.log?.(`trial ${spec.trial} had already finished on ${result.worker}: collected, not run again`);
        start(result.worker);
      }
      await this.collect(spec, jobId, result);
      return { ...result.outcome, trial: spec.trial, params: spec.params };
    } catch (e) {
      return { trial: spec.trial, params: spec.params, status: 'failed', valAcc: null, bestEpoch: null, testAcc: null, seconds: 0, error: (e as Error).message };
    } finally {
      this.listeners.delete(jobId);
    }
  }

  /** Whether a finished trial left a model to collect (models expire; failed trials have none). */
  private async hasModel(jobId: string): Promise<boolean> {
    const done = await this.queue.getJob(jobId);
    return done?.returnvalue?.outcome.status !== 'ok' || (await this.redis.exists(modelKey(jobId))) === 1;
  }

  /** Brings a finished trial's model and metrics into the run directory. */
  private async collect(spec: TrialSpec, jobId: string, result: TrialJobResult): Promise<void> {
    if (!this.o.outDir || result.outcome.status !== 'ok') return;
    const dir = join(this.o.outDir, 'trials', String(spec.trial));
    mkdirSync(dir, { recursive: true });
    const model = await this.redis.getBuffer(modelKey(jobId));
    if (!model) throw new QueueError('TRIAL_LOST', `trial ${spec.trial} (${jobId}) finished but its model is gone from Redis (expired?)`);
    writeFileAtomic(join(dir, 'model.safetensors'), model);
    writeMetrics(join(dir, 'metrics.jsonl'), result.metrics);
    const record = { trial: spec.trial, params: spec.params, job: jobId, worker: result.worker, resumedFrom: result.resumedFrom, outcome: result.outcome };
    writeFileAtomic(join(dir, 'trial.json'), JSON.stringify(record, null, 2) + '\n');
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.events.close();
    await this.queue.close();
    await Promise.all([this.redis.quit(), this.eventsRedis.quit()]);
  }
}

/** Says so when no worker listens yet: otherwise a sweep would wait without a word. */
async function hintWithoutWorkers(queue: Queue, o: QueueExecutorOptions): Promise<void> {
  let count: number;
  try {
    count = await queue.getWorkersCount();
  } catch {
    return; // CLIENT LIST may be disabled on a managed Redis: nothing to say then
  }
  if (count === 0) o.log?.(`no mnist worker is connected to ${redactUrl(o.url)} yet: trials wait until one starts (mnist worker --redis URL)`);
}

/** The job's result, or null when the signal fired first (the job goes on; a rerun collects it). */
async function untilFinished(job: Job<TrialJobData, TrialJobResult>, events: QueueEvents, signal?: AbortSignal): Promise<TrialJobResult | null> {
  if (signal?.aborted) return null;
  let onAbort = () => {};
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([job.waitUntilFinished(events), aborted]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
