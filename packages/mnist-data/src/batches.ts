/**
 * Seeded batch orders and batch filling into caller-owned buffers.
 *
 * The order of epoch k is a pure function of (seed, k), so a resumed run recomputes it without
 * replaying epochs 0..k-1:
 *   epochSeed(seed, k) = fmix32((seed >>> 0) ^ Math.imul(k + 1, 0x9e3779b9))
 *   batchOrder(n, seed, k) = new Rng(epochSeed(seed, k)).permutation(n)
 * where fmix32 is MurmurHash3's 32-bit finaliser and Rng/permutation come from @mnist-ts/tensor
 * (xoshiro128** seeded through splitmix32; Fisher–Yates from the last element down).
 */
import { Rng } from '@mnist-ts/tensor';
import { lookupTable, type NormalizationSpec } from './normalize.js';
import { CLASSES, FEATURES } from './shape.js';

/** The fields that batch filling reads; a {@link Dataset} has them, so may any plain object. */
export interface PixelSource {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}


/** MurmurHash3's fmix32: a bijection on uint32 that spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The Rng seed of epoch `epoch`'s order: fmix32((seed >>> 0) ^ Math.imul(epoch + 1, 0x9e3779b9)). */
export function epochSeed(seed: number, epoch: number): number {
  checkInt('epochSeed: epoch', epoch, 0);
  if (!Number.isFinite(seed)) throw new RangeError(`epochSeed: seed must be a finite number, got ${seed}`);
  return fmix32((seed >>> 0) ^ (Math.imul(epoch + 1, 0x9e3779b9) >>> 0));
}

/** The order in which epoch `epoch` visits rows 0..count-1: new Rng(epochSeed(seed, epoch)).permutation(count). */
export function batchOrder(count: number, seed: number, epoch: number): Uint32Array {
  checkInt('batchOrder: count', count, 0);
  return new Rng(epochSeed(seed, epoch)).permutation(count);
}

/** 0, 1, ..., count-1: the order of an unshuffled pass. */
export function identityOrder(count: number): Uint32Array {
  checkInt('identityOrder: count', count, 0);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** How many batches one pass yields: ceil(count / batchSize), or floor with dropLast. */
export function batchCount(count: number, batchSize: number, dropLast = false): number {
  checkInt('batchCount: batchSize', batchSize, 1);
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/**
 * Copies the pixels of rows order[start..end) into `out` (row r of the batch at out[r·784..]).
 * With `order` null the rows are start..end-1 themselves. Returns the batch size, end - start.
 */
export function gatherPixels(
  ds: PixelSource,
  order: Uint32Array | null,
  start: number,
  end: number,
  out: Uint8Array,
): number {
  const size = checkRange('gatherPixels', ds, order, start, end);
  checkOut('gatherPixels: out', out.length, size * FEATURES, size);
  for (let r = 0; r < size; r++) {
    const row = rowAt(ds, order, start + r);
    out.set(ds.images.subarray(row * FEATURES, row * FEATURES + FEATURES), r * FEATURES);
  }
  return size;
}

/**
 * Writes the normalised pixels of rows order[start..end) into `xOut` (size·784 floats, row-major)
 * and, unless `yOut` is null, their one-hot labels into `yOut` (size·10 floats). Entries past the
 * batch are left alone, so a full-size buffer serves the last short batch too. Returns the size.
 */
export function fillBatch(
  ds: PixelSource,
  order: Uint32Array | null,
  start: number,
  end: number,
  xOut: Float32Array,
  yOut: Float32Array | null,
  norm: NormalizationSpec = 'paper',
): number {
  const size = checkRange('fillBatch', ds, order, start, end);
  checkOut('fillBatch: xOut', xOut.length, size * FEATURES, size);
  if (yOut !== null) checkOut('fillBatch: yOut', yOut.length, size * CLASSES, size);
  const table = lookupTable(norm);
  const images = ds.images;
  for (let r = 0; r < size; r++) {
    const src = rowAt(ds, order, start + r) * FEATURES;
    const dst = r * FEATURES;
    for (let j = 0; j < FEATURES; j++) xOut[dst + j] = table[images[src + j]!]!;
  }
  if (yOut !== null) {
    yOut.fill(0, 0, size * CLASSES);
    for (let r = 0; r < size; r++) yOut[r * CLASSES + ds.labels[rowAt(ds, order, start + r)]!] = 1;
  }
  return size;
}

/** One-hot rows for `labels`: out[i·10 + labels[i]] = 1, every other entry 0. */
export function oneHot(labels: ArrayLike<number>, out: Float32Array = new Float32Array(labels.length * CLASSES)): Float32Array {
  checkOut('oneHot: out', out.length, labels.length * CLASSES, labels.length);
  out.fill(0, 0, labels.length * CLASSES);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= CLASSES) {
      throw new RangeError(`oneHot: label ${label} at index ${i}, expected an integer 0..9`);
    }
    out[i * CLASSES + label] = 1;
  }
  return out;
}

function rowAt(ds: PixelSource, order: Uint32Array | null, k: number): number {
  const row = order === null ? k : order[k]!;
  if (row >= ds.count) throw new RangeError(`row ${row} at position ${k} of the order is past the data set's ${ds.count} rows`);
  return row;
}

function checkRange(fn: string, ds: PixelSource, order: Uint32Array | null, start: number, end: number): number {
  const length = order === null ? ds.count : order.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    throw new RangeError(`${fn}: need integers 0 <= start <= end <= ${length}, got start ${start}, end ${end}`);
  }
  return end - start;
}

function checkOut(what: string, have: number, need: number, size: number): void {
  if (have < need) throw new RangeError(`${what} holds ${have} values, a batch of ${size} needs ${need}`);
}

function checkInt(what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be an integer >= ${min}, got ${n}`);
}
