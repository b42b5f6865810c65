import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { loadMnist } from '@mnist-ts/mnist-data';
import { decodeImage, toMnistInput, type GrayImage } from './image.js';

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

describe('toMnistInput frames other sizes like MNIST', () => {
  /** The ink's bounding box (pixels > 0) and centre of mass, in 28×28 index units. */
  const shape = (p: Uint8Array) => {
    let mass = 0, mx = 0, my = 0, x0 = 28, x1 = 0, y0 = 28, y1 = 0;
    p.forEach((v, i) => {
      if (v === 0) return;
      const [x, y] = [i % 28, Math.floor(i / 28)];
      mass += v; mx += x * v; my += y * v;
      [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x + 1), Math.min(y0, y), Math.max(y1, y + 1)];
    });
    return { cx: mx / mass, cy: my / mass, box: Math.max(x1 - x0, y1 - y0) };
  };

  it('a small digit in a corner of a large image comes out 20 pixels tall, centred by its centre of mass', () => {
    const big: GrayImage = { width: 90, height: 60, pixels: new Uint8Array(90 * 60) };
    for (let y = 2; y < 12; y++) for (let x = 3; x < 6; x++) big.pixels[y * 90 + x] = 255; // a bar, 10 tall, 3 wide
    const x = toMnistInput(big);
    expect(x.inverted).toBe(false);
    const s = shape(x.pixels);
    expect(s.box).toBe(20);
    expect(Math.abs(s.cx - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(s.cy - 13.5)).toBeLessThanOrEqual(0.5);
    expect(shape(toMnistInput({ width: 28, height: 28, pixels: big.pixels.subarray(0, 784) }).pixels).box).not.toBe(20); // 28×28 is read as it is: the check can fail
  });

  it('inverts a black-on-white 56×56 image, then frames it', () => {
    const x = toMnistInput(fixture('test-7-label-9-inverted-56.png'));
    expect(x.inverted).toBe(true);
    expect([x.width, x.height]).toEqual([56, 56]);
    const s = shape(x.pixels);
    expect(s.box).toBe(20);
    expect(Math.abs(s.cx - 13.5)).toBeLessThanOrEqual(0.5);
  });
});
