import { Rng } from '@mnist-ts/tensor';
import { describe, expect, it } from 'vitest';
import { batchCount, batchOrder, epochSeed, fillBatch, fmix32, gatherPixels, identityOrder, oneHot } from './batches.js';
import { Dataset } from './dataset.js';
import { normalization } from './normalize.js';
import { synthetic } from './test-files.js';

const ds = new Dataset({ ...synthetic(10), source: 'ten' });

describe('batchOrder', () => {
  // Golden values from src/fixtures/batch-order.py, an independent Python implementation.
  it('matches the documented derivation, computed independently', () => {
    expect(fmix32(1)).toBe(0x514e28b7); // MurmurHash3's fmix32(1)
    expect(epochSeed(42, 0)).toBe(3856264912);
    expect(epochSeed(42, 3)).toBe(2244032364);
    expect(Array.from(batchOrder(10, 42, 0))).toEqual([7, 3, 8, 0, 9, 4, 6, 5, 2, 1]);
    expect(Array.from(batchOrder(10, 42, 3))).toEqual([2, 8, 5, 0, 3, 1, 6, 7, 9, 4]);
    expect(batchOrder(10, 42, 3)).toEqual(new Rng(epochSeed(42, 3)).permutation(10));
  });

  it('gives epoch k the same order whether or not epochs 0..k-1 ran first (resume)', () => {
    const replayed = [0, 1, 2, 3, 4].map((e) => batchOrder(1000, 7, e));
    expect(batchOrder(1000, 7, 4)).toEqual(replayed[4]);
  });

  it('is a permutation, and differs between epochs and between seeds', () => {
    const a = batchOrder(1000, 7, 0);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from(identityOrder(1000)));
    expect(batchOrder(1000, 7, 1)).not.toEqual(a);
    expect(batchOrder(1000, 8, 0)).not.toEqual(a);
    const seeds = new Set(Array.from({ length: 1000 }, (_, e) => epochSeed(7, e)));
    expect(seeds.size).toBe(1000);
  });

  it('rejects a negative or fractional epoch', () => {
    expect(() => batchOrder(10, 1, -1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: epochSeed: epoch must be an integer >= 0, got -1]`);
    expect(() => batchOrder(10, 1, 0.5)).toThrow(RangeError);
  });
});

describe('Dataset.batches', () => {
  const sizes = (it: Iterable<{ size: number }>): number[] => Array.from(it, (b) => b.size);

  it('keeps the last short batch by default and drops it with dropLast', () => {
    expect(sizes(ds.batches(4))).toEqual([4, 4, 2]);
    expect(sizes(ds.batches(4, { dropLast: true }))).toEqual([4, 4]);
    expect(sizes(ds.batches(5, { dropLast: true }))).toEqual([5, 5]);
    expect([batchCount(10, 4), batchCount(10, 4, true), batchCount(0, 4)]).toEqual([3, 2, 0]);
  });

  it('visits rows in order without shuffle, and in batchOrder(count, seed, epoch) with it', () => {
    const flat = (opts: Parameters<Dataset['batches']>[1]): number[] =>
      Array.from(ds.batches(3, opts)).flatMap((b) => Array.from(b.indices));
    expect(flat({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flat({ shuffle: true, seed: 42, epoch: 3 })).toEqual(Array.from(batchOrder(10, 42, 3)));
    expect(flat({ shuffle: true, seed: 42 })).toEqual(Array.from(batchOrder(10, 42, 0)));
  });

  it('numbers batches and gives their place in the epoch order', () => {
    const batches = Array.from(ds.batches(4, { shuffle: true, seed: 1 }));
    expect(batches.map((b) => [b.index, b.start, b.end])).toEqual([[0, 0, 4], [1, 4, 8], [2, 8, 10]]);
    expect(batches[2]!.indices).toEqual(batches[2]!.order.subarray(8, 10));
  });

  it('fails at the call, not at the first batch, on bad options', () => {
    expect(() => ds.batches(0)).toThrowErrorMatchingInlineSnapshot(`[RangeError: batches: batchSize must be an integer >= 1, got 0]`);
    expect(() => ds.batches(4, { shuffle: true })).toThrowErrorMatchingInlineSnapshot(`[RangeError: batches: shuffle: true needs a seed]`);
  });
});

describe('fillBatch and gatherPixels', () => {
  const order = Uint32Array.of(9, 2, 5);
  const paper = normalization('paper');

  it('writes normalised rows and one-hot labels for order[start..end)', () => {
    const x = new Float32Array(4 * 784).fill(-7);
    const y = new Float32Array(4 * 10).fill(-7);
    expect(fillBatch(ds, order, 1, 3, x, y)).toBe(2);
    for (const [r, row] of [[0, 2], [1, 5]] as const) {
      for (let j = 0; j < 784; j += 97) {
        expect(x[r * 784 + j]).toBe(Math.fround(paper.offset + paper.scale * ds.images[row * 784 + j]!));
      }
      expect(Array.from(y.subarray(r * 10, r * 10 + 10))).toEqual(Array.from(oneHot([ds.labels[row]!])));
    }
    expect(x[2 * 784]).toBe(-7); // past the batch: untouched
    expect(y[2 * 10]).toBe(-7);
  });

  it("uses rows start..end-1 when the order is null, and the 'unit' map when asked", () => {
    const x = new Float32Array(784);
    fillBatch(ds, null, 3, 4, x, null, 'unit');
    expect(x[10]).toBe(Math.fround(ds.images[3 * 784 + 10]! / 255));
  });

  it('gathers raw pixels', () => {
    const out = new Uint8Array(3 * 784);
    expect(gatherPixels(ds, order, 0, 3, out)).toBe(3);
    expect(out.subarray(784, 2 * 784)).toEqual(ds.image(2));
    expect(out.subarray(2 * 784)).toEqual(ds.image(5));
  });

  it('rejects short buffers, bad ranges and rows past the end', () => {
    expect(() => fillBatch(ds, order, 0, 3, new Float32Array(784), null)).toThrowErrorMatchingInlineSnapshot(`[RangeError: fillBatch: xOut holds 784 values, a batch of 3 needs 2352]`);
    expect(() => fillBatch(ds, order, 0, 3, new Float32Array(3 * 784), new Float32Array(10))).toThrowErrorMatchingInlineSnapshot(`[RangeError: fillBatch: yOut holds 10 values, a batch of 3 needs 30]`);
    expect(() => gatherPixels(ds, order, 2, 4, new Uint8Array(784 * 2))).toThrowErrorMatchingInlineSnapshot(`[RangeError: gatherPixels: need integers 0 <= start <= end <= 3, got start 2, end 4]`);
    expect(() => gatherPixels(ds, Uint32Array.of(10), 0, 1, new Uint8Array(784))).toThrowErrorMatchingInlineSnapshot(`[RangeError: row 10 at position 0 of the order is past the data set's 10 rows]`);
  });
});

describe('oneHot', () => {
  it('sets one 1 per row', () => {
    expect(Array.from(oneHot(Uint8Array.of(3, 0)))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => oneHot([10])).toThrowErrorMatchingInlineSnapshot(`[RangeError: oneHot: label 10 at index 0, expected an integer 0..9]`);
  });
});
