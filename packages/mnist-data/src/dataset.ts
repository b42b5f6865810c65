/**
 * A data set of 28×28 uint8 images with digit labels, held as one Uint8Array of count·784 pixels
 * (row-major, image after image) and one Uint8Array of labels. No float copy of the whole set is
 * ever made: batches are normalised on the way into caller-owned buffers (see batches.ts).
 *
 * take/skip are zero-copy views of a contiguous range; subset/split copy the chosen rows, so their
 * results own their memory and the parent can be dropped.
 */
import { batchCount, batchOrder, fillBatch, identityOrder } from './batches.js';
import { DataError } from './errors.js';
import type { NormalizationSpec } from './normalize.js';
import { CLASSES, FEATURES, IMAGE_COLS, IMAGE_ROWS } from './shape.js';
import { splitIndices, type SplitOptions } from './split.js';


export interface DatasetInit {
  /** count·784 pixels, 0..255, image after image, each row-major. */
  images: Uint8Array;
  /** count labels, each 0..9. */
  labels: Uint8Array;
  /** Where the data came from, for messages and run records. Default "memory". */
  source?: string;
}

export interface BatchOptions {
  /** Visit rows in a seeded random order (batchOrder(count, seed, epoch)). Default false. */
  shuffle?: boolean;
  /** Required when shuffling. */
  seed?: number;
  /** Which epoch's order (0-based). Default 0. */
  epoch?: number;
  /** Drop the last batch when it is short. Default false: it is kept, with size < batchSize. */
  dropLast?: boolean;
}

/** One batch: rows order[start..end) of the data set, indices = order.subarray(start, end). */
export interface Batch {
  /** 0-based batch number within the epoch. */
  index: number;
  start: number;
  end: number;
  /** end - start: batchSize, except possibly for the last batch. */
  size: number;
  indices: Uint32Array;
  /** The epoch's whole order (shared by every batch of the epoch). */
  order: Uint32Array;
}

export class Dataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows = IMAGE_ROWS as 28;
  readonly cols = IMAGE_COLS as 28;
  readonly features = FEATURES as 784;
  readonly source: string;

  /** Wraps the arrays (no copy) after checking their lengths agree and every label is 0..9. */
  constructor({ images, labels, source = 'memory' }: DatasetInit) {
    if (images.length !== labels.length * FEATURES) {
      throw new DataError(
        'DATA_COUNT_MISMATCH',
        source,
        `${source}: ${labels.length} labels need ${labels.length * FEATURES} pixels (784 each), found ${images.length}`,
      );
    }
    const bad = labels.findIndex((label) => label > 9);
    if (bad >= 0) {
      throw new DataError('DATA_BAD_LABEL', source, `${source}: label ${labels[bad]} at row ${bad}, expected a digit 0..9`);
    }
    this.images = images;
    this.labels = labels;
    this.count = labels.length;
    this.source = source;
  }

  /** The 784 pixels of row i (a view, not a copy). */
  image(i: number): Uint8Array {
    this.checkRow(i);
    return this.images.subarray(i * FEATURES, (i + 1) * FEATURES);
  }

  /** The label of row i. */
  label(i: number): number {
    this.checkRow(i);
    return this.labels[i]!;
  }

  /** The first min(n, count) rows, as a view. */
  take(n: number): Dataset {
    const k = Math.min(checkCount('take', n), this.count);
    return this.range(0, k, `${this.source}.take(${n})`);
  }

  /** Every row after the first n (none if n >= count), as a view. */
  skip(n: number): Dataset {
    const k = Math.min(checkCount('skip', n), this.count);
    return this.range(k, this.count, `${this.source}.skip(${n})`);
  }

  /** The given rows, in the given order (repeats allowed), copied into a new data set. */
  subset(indices: ArrayLike<number>, source = `${this.source}.subset(${indices.length} rows)`): Dataset {
    const images = new Uint8Array(indices.length * FEATURES);
    const labels = new Uint8Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      this.checkRow(i);
      images.set(this.images.subarray(i * FEATURES, (i + 1) * FEATURES), k * FEATURES);
      labels[k] = this.labels[i]!;
    }
    return new Dataset({ images, labels, source });
  }

  /**
   * A seeded train/validation split; `size` is the validation part, a fraction (0.1) or a row
   * count (6000). Both parts keep this data set's row order. See split.ts for the exact rule.
   */
  split(size: number, options: SplitOptions): { train: Dataset; validation: Dataset } {
    const parts = splitIndices(this.labels, size, options);
    const how = `${this.source}.split(${size}, seed ${options.seed}${options.stratified === true ? ', stratified' : ''})`;
    return {
      train: this.subset(parts.train, `${how}.train`),
      validation: this.subset(parts.validation, `${how}.validation`),
    };
  }

  /** How many rows carry each label 0..9. */
  classCounts(): number[] {
    return classCounts(this);
  }

  /** The row order of one epoch: batchOrder(count, seed, epoch) when shuffling, else 0..count-1. */
  epochOrder(options: BatchOptions = {}): Uint32Array {
    if (options.shuffle !== true) return identityOrder(this.count);
    if (options.seed === undefined) throw new RangeError('batches: shuffle: true needs a seed');
    return batchOrder(this.count, options.seed, options.epoch ?? 0);
  }

  /**
   * The batches of one epoch, lazily. The last batch is shorter when batchSize does not divide
   * count, unless dropLast is set. Fill a batch with `ds.fill(batch, x, y)` or fillBatch.
   */
  batches(batchSize: number, options: BatchOptions = {}): Generator<Batch, void, undefined> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batches: batchSize must be an integer >= 1, got ${batchSize}`);
    }
    const n = batchCount(this.count, batchSize, options.dropLast === true);
    const order = this.epochOrder(options); // validated here, not at the first next()
    const count = this.count;
    return (function* () {
      for (let index = 0; index < n; index++) {
        const start = index * batchSize;
        const end = Math.min(start + batchSize, count);
        yield { index, start, end, size: end - start, indices: order.subarray(start, end), order };
      }
    })();
  }

  /** fillBatch(this, batch.order, batch.start, batch.end, xOut, yOut, norm). */
  fill(batch: Batch, xOut: Float32Array, yOut: Float32Array | null, norm: NormalizationSpec = 'paper'): number {
    return fillBatch(this, batch.order, batch.start, batch.end, xOut, yOut, norm);
  }

  private range(from: number, to: number, source: string): Dataset {
    return new Dataset({
      images: this.images.subarray(from * FEATURES, to * FEATURES),
      labels: this.labels.subarray(from, to),
      source,
    });
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new RangeError(`${this.source}: row ${i} does not exist, expected an integer 0..${this.count - 1}`);
    }
  }
}

/** How many rows of `ds` carry each label 0..9 (an array of 10 numbers). */
export function classCounts(ds: { readonly labels: Uint8Array }): number[] {
  const counts = new Array<number>(CLASSES).fill(0);
  for (const label of ds.labels) counts[label] = counts[label]! + 1;
  return counts;
}

function checkCount(fn: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${fn}: n must be an integer >= 0, got ${n}`);
  return n;
}
