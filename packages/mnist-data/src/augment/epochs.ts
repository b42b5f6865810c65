/**
 * Each epoch's augmented images, for a trainer that asks for epoch e + 1's images as epoch e
 * starts and awaits them when e + 1 starts (as @mnist-ts/train's epoch hooks do).
 *
 * Two ways, the same bytes:
 *   - 'between' (the default): the work for e + 1 starts when epoch e has ended (`epochEnded`),
 *     split over `threads` worker threads, while training waits;
 *   - 'beside': one worker thread makes e + 1's images while epoch e trains.
 * 'beside' costs nothing only when a core is free. On a 2-core machine whose two cores the
 * training keeps busy, the worker's time is taken from the training threads, and more (the
 * multi-threaded backend falls back to one thread while its helper is held up): measured in the
 * same runs, 'between' on two threads was 1.46× a plain epoch and 'beside' 1.67× (see
 * docs/RESULTS.md, "Augmentation and epoch time").
 */
import { availableParallelism } from 'node:os';
import { activeBackend } from '@mnist-ts/tensor';
import type { AugmentOptions } from './images.js';
import { FEATURES } from '../shape.js';
import { AugmentThread, sharedView } from './thread.js';

export interface EpochAugmenterOptions {
  /** 'between' (default) or 'beside' epochs: see the file comment. */
  mode?: 'between' | 'beside';
  /** Worker threads for 'between' (default 2); 'beside' uses one. */
  threads?: number;
  /**
   * 'beside': while the worker runs, borrow a core from the training backend (`lendCore`), so
   * training runs on one thread instead of fighting the worker for the second core. Default: when
   * the machine has no core to spare (available cores ≤ the backend's threads).
   */
  lend?: boolean;
}

export class EpochAugmenter {
  private readonly threads: AugmentThread[];
  private readonly between: boolean;
  private readonly lend: boolean | undefined;
  /** The calls waiting for their epoch's predecessor to end, by epoch. */
  private readonly gates = new Map<number, () => void>();
  private started = false;
  /** One shared copy of each set of images that was not shared already, for all the threads. */
  private readonly shared = new WeakMap<Uint8Array, Uint8Array>();
  /** The last epoch `epochEnded` was told of. */
  private ended = -Infinity;

  constructor(
    private readonly options: AugmentOptions,
    o: EpochAugmenterOptions = {},
  ) {
    this.between = (o.mode ?? 'between') === 'between';
    this.lend = o.lend;
    const n = this.between ? (o.threads ?? 2) : 1;
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`EpochAugmenter: threads must be an integer 1..64, received ${o.threads}`);
    this.threads = Array.from({ length: n }, () => new AugmentThread());
  }

  /**
   * Fills `out` with epoch `epoch`'s images (augmentImages(images, count, out, options, seed)).
   * In 'between' mode, a call made while an epoch runs starts when `epochEnded(epoch − 1)` is
   * called; the first call (the run's first epoch, or the one a resumed run starts with) starts at once.
   */
  images(epoch: number, images: Uint8Array, count: number, out: Uint8Array, seed: number): Promise<void> {
    const make = () => this.make(images, count, out, seed);
    if (!this.between || !this.started || epoch - 1 <= this.ended) {
      this.started = true;
      return make();
    }
    return new Promise<void>((resolve, reject) => this.gates.set(epoch, () => make().then(resolve, reject)));
  }

  /** Epoch `epoch` has ended (its evaluation too): the next epoch's images may be made now. */
  epochEnded(epoch: number): void {
    this.ended = Math.max(this.ended, epoch);
    const open = this.gates.get(epoch + 1);
    this.gates.delete(epoch + 1);
    open?.();
  }

  /** Ends the worker threads; calls not yet started never start. */
  async close(): Promise<void> {
    this.gates.clear();
    await Promise.all(this.threads.map((t) => t.close()));
  }

  /** Each thread makes its share of the images (AugmentRun's from/to: the same bytes as one call). */
  private async make(images: Uint8Array, count: number, out: Uint8Array, seed: number): Promise<void> {
    const src = sharedView(this.shared, images, count * FEATURES);
    const share = Math.ceil(count / this.threads.length);
    const backend = activeBackend();
    const lend = !this.between && (this.lend ?? availableParallelism() <= (backend.threads ?? 1));
    const release = lend ? backend.lendCore?.() : undefined;
    try {
      await Promise.all(this.threads.map((t, i) => t.run(src, count, out, this.options, seed, Math.min(count, i * share), Math.min(count, (i + 1) * share))));
    } finally {
      release?.();
    }
  }
}
