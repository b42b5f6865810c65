/**
 * augmentImages in a worker thread, so the next epoch's images are made while this one trains.
 * Images and output live in SharedArrayBuffers: nothing is copied per call except the first
 * time a set of images that is not shared already is seen (then once, and remembered).
 * The result is the same bytes as augmentImages in this thread (it is the same function).
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FEATURES } from '../shape.js';
import { augmentImages, augmentProblems, type AugmentOptions } from './images.js';

export interface AugmentRequest {
  id: number;
  images: SharedArrayBuffer;
  count: number;
  out: SharedArrayBuffer;
  options: AugmentOptions;
  seed: number;
  from: number;
  to: number;
}

export interface AugmentReply {
  id: number;
  error?: string;
}

/**
 * The worker script. Workers run built JavaScript, so from the TypeScript sources (tests) this
 * points at the package's dist/ build, which the test task builds first.
 */
function workerScript(): URL {
  for (const rel of ['./worker.js', '../../dist/augment/worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`the augmentation worker (dist/augment/worker.js) is missing: build @mnist-ts/mnist-data first`);
}

/** Whether `a` is a whole SharedArrayBuffer's view (what a worker can be handed without a copy). */
const isShared = (a: Uint8Array): boolean => a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;

/**
 * images[0, bytes) as a whole SharedArrayBuffer's view: itself if it is one, else a copy made
 * once per array and remembered in `cache` (keyed by the array itself, so a call per epoch with
 * the same training images copies them once, not every epoch).
 */
export function sharedView(cache: WeakMap<Uint8Array, Uint8Array>, images: Uint8Array, bytes: number): Uint8Array {
  const view = images.subarray(0, bytes);
  if (isShared(view)) return view;
  let copy = cache.get(images);
  if (!copy || copy.length !== bytes) {
    copy = new Uint8Array(new SharedArrayBuffer(bytes));
    copy.set(view);
    cache.set(images, copy);
  }
  return copy;
}

/** One worker thread, started on first use; `close()` ends it. Calls run one after another. */
export class AugmentThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  /** Shared copies of image sets that were not shared already, by identity. */
  private shared = new WeakMap<Uint8Array, Uint8Array>();

  /**
   * Fills `out` (count·784 bytes) with augmentImages(images, count, out, options, seed), computed
   * in the worker. `out` must be a whole SharedArrayBuffer's view; if it is not, the work is done
   * here, synchronously (same bytes). With `from`, `to`, only those images are written (see
   * AugmentRun): two threads given the two halves make the whole call's bytes in about half the time.
   */
  async run(images: Uint8Array, count: number, out: Uint8Array, options: AugmentOptions, seed: number, from = 0, to = count): Promise<void> {
    const problems = augmentProblems(options);
    if (problems.length > 0) throw new RangeError(`augmentImages: ${problems.join('; ')}`);
    if (!isShared(out) || out.length !== count * FEATURES) {
      augmentImages(images, count, out, options, seed, { from, to });
      return;
    }
    const src = sharedView(this.shared, images, count * FEATURES);
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const req: AugmentRequest = { id, images: src.buffer as SharedArrayBuffer, count, out: out.buffer as SharedArrayBuffer, options, seed, from, to };
    const w = this.start();
    w.ref(); // while a call is waiting, the worker keeps the process alive
    w.postMessage(req);
    return done;
  }

  /** Ends the worker; calls still waiting fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.failAll(new Error('the augmentation thread was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // execArgv: [] so the worker never inherits a parent's --conditions (under vitest, the source
    // condition would send it to TypeScript files it cannot run).
    const w = new Worker(workerScript(), { execArgv: [] });
    w.unref(); // an idle augmentation thread never keeps the process alive
    w.on('message', (reply: AugmentReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.error === undefined) p.resolve();
      else p.reject(new RangeError(reply.error));
      if (this.pending.size === 0) w.unref();
    });
    w.on('error', (e) => {
      this.worker = null;
      this.failAll(e);
    });
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
