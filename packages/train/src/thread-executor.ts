import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import type { TrainEvent } from './events.js';
import type { PixelSource } from '@mnist-ts/mnist-data';
import type { TrialData, TrialExecutor, TrialOutcome, TrialSpec } from './executor.js';
import { runTrial } from './trial.js';

/**
 * The worker script. Workers run built JavaScript, so from the TypeScript sources (tests) this
 * points at the package's dist/ build, which the test task builds first.
 */
export function workerScript(): URL {
  const here = new URL('./trial-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../dist/trial-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`trial worker not found at ${fileURLToPath(here)} or ${fileURLToPath(built)}: build @mnist-ts/train first`);
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** The digest of the data this worker holds (it keeps one data set at a time). */
  digest?: string;
}

/** A copy of a pixel source in SharedArrayBuffers: posted to a worker, it is shared, not copied. */
function sharedSource(p: PixelSource): PixelSource {
  const images = new Uint8Array(new SharedArrayBuffer(p.count * 784));
  const labels = new Uint8Array(new SharedArrayBuffer(p.count));
  images.set(p.images.subarray(0, p.count * 784));
  labels.set(p.labels.subarray(0, p.count));
  return { images, labels, count: p.count };
}

/** What a worker is sent for a trial: the spec, its data replaced by the digest it holds. */
export type WorkerRun = Omit<TrialSpec, 'data'> & { digest: string };
export type WorkerMessage = { type: 'data'; data: TrialData } | { type: 'run'; spec: WorkerRun } | { type: 'abort' };

/** Trials in parallel worker threads on this machine, one per core by default. */
export class LocalThreadExecutor implements TrialExecutor {
  private slots: Slot[] = [];
  private waiting: ((slot: Slot) => void)[] = [];
  /** The sweep's data in shared memory, made once per digest. */
  private shared?: TrialData;

  /**
   * `backend` is what each worker asks `setBackend` for. The default, 'single-thread', takes the
   * best backend that does not start threads of its own: the workers already fill the cores.
   */
  constructor(
    readonly concurrency: number = availableParallelism(),
    private readonly backend: string = 'single-thread',
  ) {}

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.slots.length < this.concurrency) {
      // execArgv: [] so a worker never inherits a parent's --conditions (under vitest, the source
      // condition would send it to TypeScript files it cannot run).
      const slot = { worker: new Worker(workerScript(), { execArgv: [], workerData: { backend: this.backend } }), busy: true };
      this.slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  async run(spec: TrialSpec, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrialOutcome> {
    const slot = await this.acquire();
    onEvent(trialStart(spec));
    try {
      return await new Promise<TrialOutcome>((resolve) => {
        const onAbort = () => slot.worker.postMessage({ type: 'abort' });
        signal?.addEventListener('abort', onAbort, { once: true });
        const onMessage = (msg: { type: 'event'; event: TrainEvent } | { type: 'done'; outcome: TrialOutcome }) => {
          if (msg.type === 'event') return onEvent(msg.event);
          cleanup();
          resolve(msg.outcome);
        };
        const onError = (err: Error) => {
          cleanup();
          this.slots = this.slots.filter((s) => s !== slot); // a crashed worker is replaced, not reused
          resolve({ trial: spec.trial, params: spec.params, status: 'failed', valAcc: null, bestEpoch: null, testAcc: null, seconds: 0, error: `worker crashed: ${err.message}` });
        };
        const cleanup = () => {
          signal?.removeEventListener('abort', onAbort);
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
        };
        slot.worker.on('message', onMessage);
        slot.worker.on('error', onError);
        this.send(slot, spec);
      });
    } finally {
      this.release(slot);
    }
  }

  /** Sends the trial, preceded by its data when this worker does not hold that digest yet. */
  private send(slot: Slot, spec: TrialSpec): void {
    const { data, ...rest } = spec;
    if (slot.digest !== data.digest) {
      if (this.shared?.digest !== data.digest) {
        this.shared = { train: sharedSource(data.train), validation: sharedSource(data.validation), test: sharedSource(data.test), digest: data.digest };
      }
      slot.worker.postMessage({ type: 'data', data: this.shared } satisfies WorkerMessage);
      slot.digest = data.digest;
    }
    slot.worker.postMessage({ type: 'run', spec: { ...rest, digest: data.digest } } satisfies WorkerMessage);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
    this.shared = undefined;
  }
}

export const trialStart = (spec: TrialSpec): TrainEvent => ({ type: 'trial:start', trial: spec.trial, total: spec.total, params: spec.params });

/** Trials one after another in this thread: for tests, debugging, or a single core. */
export class InlineExecutor implements TrialExecutor {
  readonly concurrency = 1;
  run(spec: TrialSpec, onEvent: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrialOutcome> {
    onEvent(trialStart(spec));
    return runTrial(spec, onEvent, signal);
  }
  async close(): Promise<void> {}
}
