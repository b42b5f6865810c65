import { describe, expect, it } from 'vitest';
import { Dataset, classCounts } from './dataset.js';
import { synthetic, useDataErrorSnapshots } from './test-files.js';

useDataErrorSnapshots();

/** `labels.length` rows; row i's first two pixels encode i, so a row can be told from its pixels. */
function tagged(labels: number[]): Dataset {
  const images = new Uint8Array(labels.length * 784);
  labels.forEach((_, i) => {
    images[i * 784] = i & 255;
    images[i * 784 + 1] = i >> 8;
  });
  return new Dataset({ images, labels: Uint8Array.from(labels), source: 'tagged' });
}
const rowOf = (ds: Dataset, k: number): number => ds.images[k * 784]! + 256 * ds.images[k * 784 + 1]!;

describe('Dataset', () => {
  it('has the shape fields and per-row access', () => {
    const ds = new Dataset(synthetic(3));
    expect([ds.count, ds.rows, ds.cols, ds.features, ds.source]).toEqual([3, 28, 28, 784, 'memory']);
    expect(ds.image(2)).toEqual(ds.images.subarray(2 * 784, 3 * 784));
    expect(ds.label(2)).toBe(2);
    expect(() => ds.image(3)).toThrowErrorMatchingInlineSnapshot(`[RangeError: memory: row 3 does not exist, expected an integer 0..2]`);
  });

  it('checks lengths and labels', () => {
    expect(() => new Dataset({ images: new Uint8Array(784), labels: new Uint8Array(2), source: 'x' })).toThrowErrorMatchingInlineSnapshot(`
      DATA_COUNT_MISMATCH at x
      x: 2 labels need 1568 pixels (784 each), found 784
    `);
    expect(() => new Dataset({ images: new Uint8Array(784 * 2), labels: Uint8Array.of(1, 11) })).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_LABEL at memory
      memory: label 11 at row 1, expected a digit 0..9
    `);
  });

  it('takes and skips as views of the same memory', () => {
    const ds = tagged([0, 1, 2, 3, 4, 5]);
    const head = ds.take(4);
    const tail = ds.skip(4);
    expect([head.count, tail.count]).toEqual([4, 2]);
    expect(head.images.buffer).toBe(ds.images.buffer);
    expect(rowOf(tail, 0)).toBe(4);
    expect(Array.from(tail.labels)).toEqual([4, 5]);
    expect([ds.take(99).count, ds.skip(99).count]).toEqual([6, 0]);
    expect(ds.skip(1).take(2).source).toBe('tagged.skip(1).take(2)');
    expect(() => ds.take(-1)).toThrow(RangeError);
  });

  it('copies a subset, in the given order', () => {
    const ds = tagged([0, 1, 2, 3, 4, 5]);
    const sub = ds.subset([5, 0, 5]);
    expect([0, 1, 2].map((k) => rowOf(sub, k))).toEqual([5, 0, 5]);
    expect(Array.from(sub.labels)).toEqual([5, 0, 5]);
    expect(sub.images.buffer).not.toBe(ds.images.buffer);
    expect(() => ds.subset([6])).toThrowErrorMatchingInlineSnapshot(`[RangeError: tagged: row 6 does not exist, expected an integer 0..5]`);
  });

  it('counts classes', () => {
    expect(classCounts(tagged([3, 3, 9, 0]))).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
  });
});

describe('Dataset.split', () => {
  const ds = tagged(Array.from({ length: 1000 }, (_, i) => (i * 7) % 10));

  it('sizes the validation part by fraction or by count', () => {
    const a = ds.split(0.1, { seed: 1 });
    expect([a.train.count, a.validation.count]).toEqual([900, 100]);
    const b = ds.split(250, { seed: 1 });
    expect([b.train.count, b.validation.count]).toEqual([750, 250]);
    expect(ds.split(1, { seed: 1 }).validation.count).toBe(1);
    expect(ds.split(0, { seed: 1 }).train.count).toBe(1000);
  });

  it('gives disjoint parts that cover every row, each in ascending row order, with their own labels', () => {
    for (const stratified of [false, true]) {
      const { train, validation } = ds.split(0.13, { seed: 5, stratified });
      const rows = (p: Dataset): number[] => Array.from({ length: p.count }, (_, k) => rowOf(p, k));
      const [t, v] = [rows(train), rows(validation)];
      expect(new Set([...t, ...v]).size).toBe(1000);
      expect(t.length + v.length).toBe(1000);
      expect(t).toEqual([...t].sort((x, y) => x - y));
      expect(v).toEqual([...v].sort((x, y) => x - y));
      v.forEach((row, k) => expect(validation.labels[k]).toBe(ds.labels[row]));
    }
  });

  it('is a function of the seed', () => {
    const first = (seed: number, stratified: boolean): Uint8Array => ds.split(0.1, { seed, stratified }).validation.images;
    expect(first(3, false)).toEqual(first(3, false));
    expect(first(3, false)).not.toEqual(first(4, false));
    expect(first(3, true)).toEqual(first(3, true));
    expect(first(3, true)).not.toEqual(first(4, true));
  });

  it('keeps class shares when stratified', () => {
    // Class c has 10·(c+1) rows, 550 in all; a 20% validation part holds exactly 2·(c+1) of each.
    const labels = Array.from({ length: 10 }, (_, c) => Array<number>(10 * (c + 1)).fill(c)).flat();
    const unbalanced = tagged(labels);
    const { train, validation } = unbalanced.split(0.2, { seed: 9, stratified: true });
    expect(classCounts(validation)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(classCounts(train)).toEqual([8, 16, 24, 32, 40, 48, 56, 64, 72, 80]);
    // 37 rows do not divide evenly: each class gets its exact share rounded down or up.
    const odd = unbalanced.split(37, { seed: 9, stratified: true }).validation;
    expect(odd.count).toBe(37);
    classCounts(odd).forEach((n, c) => expect(Math.abs(n - (37 * 10 * (c + 1)) / 550)).toBeLessThan(1));
  });

  it('names its parts after the split', () => {
    expect(ds.split(0.1, { seed: 2, stratified: true }).validation.source).toBe('tagged.split(0.1, seed 2, stratified).validation');
  });

  it('rejects sizes that are neither a fraction nor a row count', () => {
    expect(() => ds.split(1.5, { seed: 1 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: split: size must be a fraction between 0 and 1 or a whole number of rows 0..1000, got 1.5]`);
    expect(() => ds.split(1001, { seed: 1 })).toThrow(RangeError);
    expect(() => ds.split(-0.1, { seed: 1 })).toThrow(RangeError);
  });
});
