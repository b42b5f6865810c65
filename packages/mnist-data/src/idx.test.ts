import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { encodeIdxImages, encodeIdxLabels, parseIdxImages, readIdx, readIdxImages, readIdxLabels } from './idx.js';
import { synthetic, useScratch } from './test-files.js';

const tmp = useScratch();
const five = synthetic(5);
const imagesBytes = encodeIdxImages(five.images);
const labelsBytes = encodeIdxLabels(five.labels);

/** A copy of `bytes` with the big-endian uint32 at `offset` replaced. */
function patchU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, false);
  return copy;
}

describe('IDX encoding', () => {
  it('writes the big-endian header LeCun describes', () => {
    expect(Array.from(imagesBytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28]);
    expect(Array.from(labelsBytes.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 5]);
    expect(imagesBytes.length).toBe(16 + 5 * 784);
  });
});

describe('IDX readers', () => {
  it('reads images and labels back exactly', () => {
    const ds = readIdx(tmp.write('a-images-idx3-ubyte', imagesBytes), tmp.write('a-labels-idx1-ubyte', labelsBytes));
    expect(ds.count).toBe(5);
    expect([ds.rows, ds.cols, ds.features]).toEqual([28, 28, 784]);
    expect(ds.images).toEqual(five.images);
    expect(ds.labels).toEqual(five.labels);
    expect(ds.source).toBe(tmp.path('a-images-idx3-ubyte'));
  });

  it('reads gzipped files, by name or by their magic bytes', () => {
    const gzImages = tmp.write('b-images-idx3-ubyte.gz', gzipSync(imagesBytes));
    const gzLabelsNoExt = tmp.write('b-labels-idx1-ubyte', gzipSync(labelsBytes));
    const ds = readIdx(gzImages, gzLabelsNoExt, 'fixture');
    expect(ds.images).toEqual(five.images);
    expect(ds.labels).toEqual(five.labels);
    expect(ds.source).toBe('fixture');
  });

  it('views the file bytes rather than copying them', () => {
    const { images } = parseIdxImages(imagesBytes, 'mem');
    expect(images.buffer).toBe(imagesBytes.buffer);
    expect(images.byteOffset).toBe(16);
  });

  it('reads zero images', () => {
    expect(readIdxImages(tmp.write('zero-images', encodeIdxImages(new Uint8Array(0)))).count).toBe(0);
  });
});

describe('IDX errors', () => {
  it('names the missing path', () => {
    expect(() => readIdxImages(tmp.path('nope-images-idx3-ubyte'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_MISSING at <tmp>/nope-images-idx3-ubyte
      IDX images file not found: <tmp>/nope-images-idx3-ubyte
    `);
  });

  it('rejects an empty file', () => {
    expect(() => readIdxLabels(tmp.write('empty', new Uint8Array(0)))).toThrowErrorMatchingInlineSnapshot(`
      DATA_EMPTY at <tmp>/empty
      IDX labels file <tmp>/empty is empty (0 bytes)
    `);
  });

  it('rejects a .gz that decompresses to nothing', () => {
    expect(() => readIdxLabels(tmp.write('empty.gz', gzipSync(new Uint8Array(0))))).toThrowErrorMatchingInlineSnapshot(`
      DATA_EMPTY at <tmp>/empty.gz
      IDX labels file <tmp>/empty.gz is empty (0 bytes)
    `);
  });

  it('rejects a corrupt .gz', () => {
    expect(() => readIdxImages(tmp.write('bad.gz', 'not gzip at all'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_GZIP at <tmp>/bad.gz
      IDX images file <tmp>/bad.gz is not valid gzip: incorrect header check
    `);
  });

  it('rejects a wrong magic number, and says when it is the other IDX kind', () => {
    expect(() => readIdxImages(tmp.write('swapped', labelsBytes))).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_MAGIC at <tmp>/swapped
      <tmp>/swapped: bad magic number 0x00000801, expected 0x00000803 for an IDX images file; this is an IDX labels file
    `);
    expect(() => readIdxLabels(tmp.write('text.csv', '5,0,0,0\n'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_MAGIC at <tmp>/text.csv
      <tmp>/text.csv: bad magic number 0x352c302c, expected 0x00000801 for an IDX labels file; it starts with text (a CSV file must be named *.csv)
    `);
  });

  it('rejects a truncated header', () => {
    expect(() => readIdxImages(tmp.write('short-header', imagesBytes.subarray(0, 10)))).toThrowErrorMatchingInlineSnapshot(`
      DATA_TRUNCATED at <tmp>/short-header
      <tmp>/short-header is truncated: 10 bytes, an IDX images header needs 16
    `);
  });

  it('rejects a file with fewer pixels than count × 784', () => {
    const cut = imagesBytes.subarray(0, imagesBytes.length - 100);
    expect(() => readIdxImages(tmp.write('cut-images', cut))).toThrowErrorMatchingInlineSnapshot(`
      DATA_TRUNCATED at <tmp>/cut-images
      <tmp>/cut-images is truncated: the header promises 5 images of 28×28 (3920 bytes) but 3820 bytes follow the 16-byte header
    `);
    const claims = patchU32(labelsBytes, 4, 6);
    expect(() => readIdxLabels(tmp.write('claims-6-labels', claims))).toThrowErrorMatchingInlineSnapshot(`
      DATA_TRUNCATED at <tmp>/claims-6-labels
      <tmp>/claims-6-labels is truncated: the header promises 6 labels (6 bytes) but 5 bytes follow the 8-byte header
    `);
  });

  it('rejects bytes past what the header promises', () => {
    const claims4 = patchU32(imagesBytes, 4, 4);
    expect(() => readIdxImages(tmp.write('extra-images', claims4))).toThrowErrorMatchingInlineSnapshot(`
      DATA_TRAILING at <tmp>/extra-images
      <tmp>/extra-images has extra bytes: the header promises 4 images of 28×28 (3136 bytes) but 3920 bytes follow the 16-byte header
    `);
  });

  it('rejects images that are not 28×28', () => {
    const wide = patchU32(imagesBytes, 12, 32);
    expect(() => readIdxImages(tmp.write('wide-images', wide))).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_SHAPE at <tmp>/wide-images
      <tmp>/wide-images: images are 28×32, expected 28×28 (the network takes 784 inputs)
    `);
  });

  it('rejects a label outside 0..9, with its index', () => {
    const bad = labelsBytes.slice();
    bad[8 + 3] = 10;
    expect(() => readIdxLabels(tmp.write('bad-labels', bad))).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_LABEL at <tmp>/bad-labels
      <tmp>/bad-labels: label 10 at index 3, expected a digit 0..9
    `);
  });

  it('rejects image and label files of different counts', () => {
    const images = tmp.write('c-images-idx3-ubyte', imagesBytes);
    const labels = tmp.write('c-labels-idx1-ubyte', encodeIdxLabels(five.labels.subarray(0, 4)));
    expect(() => readIdx(images, labels)).toThrowErrorMatchingInlineSnapshot(`
      DATA_COUNT_MISMATCH at <tmp>/c-images-idx3-ubyte
      <tmp>/c-images-idx3-ubyte holds 5 images but <tmp>/c-labels-idx1-ubyte holds 4 labels; they must match one to one
    `);
  });

  it('carries the code and path as fields', () => {
    const path = tmp.write('swapped2', labelsBytes);
    const err = (() => {
      try {
        readIdxImages(path);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ name: 'DataError', code: 'DATA_BAD_MAGIC', path });
  });
});
