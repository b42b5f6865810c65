import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { loadMnist } from '@mnist-ts/mnist-data';
import { decodeImage, resizeArea, toMnistInput, type GrayImage } from './image.js';

const DIGITS = join(import.meta.dirname, '..', 'fixtures', 'digits');
const fixture = (name: string) => decodeImage(readFileSync(join(DIGITS, name)), name);
const test = loadMnist('test');
const mnist = (i: number) => Array.from(test.image(i));

describe('decodeImage', () => {
  it('reads the PNG fixtures back to the exact MNIST pixels', () => {
    for (const [i, label] of [[0, 7], [1, 2], [2, 1], [3, 0], [4, 4]] as const) {
      const img = fixture(`test-${i}-label-${label}.png`);
      expect([img.width, img.height]).toEqual([28, 28]);
      expect(Array.from(img.pixels)).toEqual(mnist(i));
      expect(toMnistInput(img).inverted).toBe(false);
    }
  });

  it('reads binary (P5) and ASCII (P2) PGM', () => {
    expect(Array.from(fixture('test-5-label-1.pgm').pixels)).toEqual(mnist(5));
    expect(Array.from(fixture('test-6-label-4.ascii.pgm').pixels)).toEqual(mnist(6));
  });

  it('inverts a black-on-white image and area-averages 56×56 back to 28×28 exactly', () => {
    const x = toMnistInput(fixture('test-7-label-9-inverted-56.png'));
    expect(x.inverted).toBe(true);
    expect([x.width, x.height]).toEqual([56, 56]);
    expect(Array.from(x.pixels)).toEqual(mnist(7));
  });

  it('scales a 16-bit PGM to 0..255 and skips comments anywhere in the header', () => {
    const raster = Buffer.from([0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01]);
    const img = decodeImage(Buffer.concat([Buffer.from('P5 # a comment\n2 #w\n2\n65535\n'), raster]), 'x.pgm');
    expect(Array.from(img.pixels)).toEqual([255, 128, 0, 0]);
  });

  it('lays transparent PNG pixels over white and weighs colour to grey', () => {
    const png = new PNG({ width: 3, height: 1 });
    png.data = Buffer.from([0, 0, 0, 0, /* transparent */ 255, 0, 0, 255, /* red */ 0, 0, 0, 128 /* half black */]);
    const img = decodeImage(PNG.sync.write(png), 'rgba.png');
    expect(Array.from(img.pixels)).toEqual([255, Math.round(0.299 * 255), Math.round((1 - 128 / 255) * 255)]);
  });
});

describe('decodeImage errors name the file and what was found', () => {
  const err = (bytes: Uint8Array | string, name = 'digit.x') => {
    try {
      decodeImage(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, name);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };
  it('for other formats, truncated rasters and bad headers', () => {
    expect(err(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]), 'photo.jpg')).toMatchInlineSnapshot(`"photo.jpg: expected a PNG or a PGM (P5 or P2) image, found bytes ff d8 ff e0 (a JPEG? convert it to PNG)"`);
    expect(err('', 'empty.png')).toMatchInlineSnapshot(`"empty.png: expected a PNG or a PGM (P5 or P2) image, found bytes (empty file)"`);
    expect(err('P5\n28 28\n255\n\u0000\u0000', 'short.pgm')).toMatchInlineSnapshot(`"short.pgm: PGM raster of 28×28 needs 784 bytes, found 2"`);
    expect(err('P2\n2 x\n255\n', 'bad.pgm')).toMatchInlineSnapshot(`"bad.pgm: PGM height must be a whole number > 0, found "x""`);
    expect(err('P2\n2 1\n255\n7 300\n', 'big.pgm')).toMatchInlineSnapshot(`"big.pgm: PGM pixel 2 must be an integer 0..255, found 300"`);
    expect(err('\x89PNG\r\n\x1a\n garbage', 'broken.png')).toMatch(/^broken\.png: not a readable PNG \(/);
  });
});

describe('resizeArea', () => {
  const img = (width: number, height: number, values: number[]): GrayImage => ({ width, height, pixels: Uint8Array.from(values) });

  it('averages whole blocks when shrinking by an integer factor', () => {
    const r = resizeArea(img(4, 2, [0, 100, 200, 200, 100, 200, 0, 0]), 2, 1);
    expect(Array.from(r.pixels)).toEqual([100, 100]); // (0+100+100+200)/4, (200+200+0+0)/4
  });

  it('weighs partial pixels by their overlap', () => {
    // 3 -> 2: output 0 covers source [0, 1.5): 1·a + 0.5·b over 1.5
    const r = resizeArea(img(3, 1, [0, 90, 180]), 2, 1);
    expect(Array.from(r.pixels)).toEqual([30, 150]);
  });

  it('keeps the mean when enlarging (each output pixel copies what it covers)', () => {
    const r = resizeArea(img(2, 1, [10, 250]), 4, 1);
    expect(Array.from(r.pixels)).toEqual([10, 10, 250, 250]);
  });
});
