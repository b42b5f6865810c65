/**
 * Each epoch's augmented images, for a trainer that asks for epoch e + 1's images as epoch e
 * starts and awaits them when e + 1 starts (as @mnist-ts/train's epoch hooks do): one worker
 * thread makes them while epoch e trains.
 *
 * With a core to spare, the worker takes it. Without one (two cores, both kept busy by the
 * multi-threaded backend), it borrows one of the backend's while it works (`Backend.lendCore`):
 * training runs on one thread meanwhile, which costs it less than two threads fighting over one
 * core. Measured in the same runs (docs/RESULTS.md, "Augmentation and epoch time"), an augmented
 * epoch took 1.14× a plain one borrowing, 1.50× not borrowing, and 1.22× with the images made
 * between epochs on two threads while training waited (the way before).
 */
import { availableParallelism } from 'node:os';
import { activeBackend } from '@mnist-ts/tensor';
import type { AugmentOptions } from './images.js';
import { AugmentThread } from './thread.js';

export interface EpochAugmenterOptions {
  /**
   * Borrow a core from the training backend while the worker runs. Default: when the machine has
   * no core to spare (available cores ≤ the backend's threads).
   */
  lend?: boolean;
}

export class EpochAugmenter {
  private readonly thread = new AugmentThread();

  constructor(
    private readonly options: AugmentOptions,
    private readonly o: EpochAugmenterOptions = {},
  ) {}

  /** Fills `out` with augmentImages(images, count, out, options, seed), made in the worker thread. */
  async images(images: Uint8Array, count: number, out: Uint8Array, seed: number): Promise<void> {
    const backend = activeBackend();
    const lend = this.o.lend ?? availableParallelism() <= (backend.threads ?? 1);
    const release = lend ? backend.lendCore?.() : undefined;
    try {
      await this.thread.run(images, count, out, this.options, seed);
    } finally {
      release?.();
    }
  }

  /** Ends the worker thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}
