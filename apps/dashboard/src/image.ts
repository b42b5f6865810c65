/**
 * Images for `mnist predict`: PNG (any colour type, via pngjs) or PGM (binary P5 or ASCII P2),
 * told apart by their first bytes, not their names. Each becomes the 784 uint8 pixels the network
 * reads, MNIST-style:
 *   - grey = 0.299·R + 0.587·G + 0.114·B; transparent PNG pixels are laid over white;
 *   - MNIST digits are white on black, so an image whose mean grey is above 127 is taken to be
 *     dark ink on light paper and inverted (p -> 255 − p);
 *   - an image of any other size than 28×28 is framed the way MNIST's digits were, by mnist-data's
 *     `frameDigit` (the report's draw-a-digit pad uses the same function): the ink's bounding box
 *     scaled to 20 pixels on its longer side, then centred by centre of mass in 28×28;
 *   - a 28×28 image is taken as already framed (an MNIST digit, or one made like it) and read as
 *     it is: framing MNIST's own test digits again costs the paper's model 1.3 points (98.14% to
 *     96.88%), because their boxes were cut before anti-aliasing and ours after.
 */
import { readFileSync, statSync } from 'node:fs';
import { PNG } from 'pngjs';
import { frameDigit } from '@mnist-ts/mnist-data';

export const SIDE = 28;

/**
 * The largest image predict decodes: 4096×4096 pixels. Decoding holds 4 bytes per pixel (RGBA),
 * up to 8 while inflating 16-bit PNGs, so this keeps a worst case near 200 MB; a digit needs far
 * fewer pixels. The size is read from the header and checked before anything is decoded.
 */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

export interface GrayImage {
  width: number;
  height: number;
  /** width·height grey values 0..255, row-major. */
  pixels: Uint8Array;
}

export class ImageError extends Error {
  override readonly name = 'ImageError';
  readonly code = 'BAD_IMAGE';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

/**
 * The largest image file read: 128 MiB, more than any image of MAX_IMAGE_PIXELS takes (an ASCII
 * PGM at 4 bytes a pixel is 64 MiB), so a bigger one is refused before it is read.
 */
export const MAX_IMAGE_FILE_BYTES = 128 * 2 ** 20;

/** The bytes of an image file, refused unread when larger than MAX_IMAGE_FILE_BYTES. */
export function readImageFile(file: string): Uint8Array {
  const size = statSync(file).size;
  if (size > MAX_IMAGE_FILE_BYTES) {
    throw new ImageError(file, `${file}: the file is ${size} bytes, more than the ${MAX_IMAGE_FILE_BYTES} (128 MiB) an image for predict may take`);
  }
  return readFileSync(file);
}

/** A PNG or PGM file's bytes as a grey image; the error names `file` and what was found. */
export function decodeImage(bytes: Uint8Array, file: string): GrayImage {
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return decodePng(bytes, file);
  if (bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32)) return decodePgm(bytes, file);
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const guess = bytes[0] === 0xff && bytes[1] === 0xd8 ? ' (a JPEG? convert it to PNG)' : '';
  throw new ImageError(file, `${file}: expected a PNG or a PGM (P5 or P2) image, found bytes ${head || '(empty file)'}${guess}`);
}

export function decodePng(bytes: Uint8Array, file: string): GrayImage {
  checkPngHeader(bytes, file);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    // pngjs says "There are some read requests waitng on finished stream" for a cut-off file.
    const text = (e as Error).message;
    const why = /finished stream|unexpected end/i.test(text) ? 'the file ends before its image data does (cut off?)' : text;
    throw new ImageError(file, `${file}: not a readable PNG (${why})`);
  }
  const { width, height, data } = png;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const grey = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    const alpha = data[4 * i + 3]! / 255;
    pixels[i] = Math.round(alpha * grey + (1 - alpha) * 255); // over white paper
  }
  return { width, height, pixels };
}

/** The width and height of a PNG's IHDR chunk, which the format puts first, checked. */
function checkPngHeader(bytes: Uint8Array, file: string): void {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length < 24 || ascii(12, 16) !== 'IHDR') throw new ImageError(file, `${file}: not a readable PNG (no IHDR header chunk at byte 12)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkSize(view.getUint32(16), view.getUint32(20), 'PNG', file);
}

/** Refuses an empty image, and one too large to decode within MAX_IMAGE_PIXELS. */
function checkSize(width: number, height: number, kind: string, file: string): void {
  if (width === 0 || height === 0) throw new ImageError(file, `${file}: the ${kind} is ${width}×${height} pixels, an empty image; expected at least 1×1`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageError(file, `${file}: the ${kind} declares ${width}×${height} pixels, more than the ${MAX_IMAGE_PIXELS} (4096×4096) that predict decodes; scale it down first`);
  }
}

/** Netpbm greymap: "P5"/"P2", width, height, maxval (whitespace and # comments between), raster. */
export function decodePgm(bytes: Uint8Array, file: string): GrayImage {
  let pos = 0;
  const token = (what: string): string => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] !== 0x23) break; // '#': a comment to the end of the line
      while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
    }
    const start = pos;
    while (pos < bytes.length && !isSpace(bytes[pos]!) && bytes[pos] !== 0x23) pos++;
    if (start === pos) throw new ImageError(file, `${file}: PGM ends before its ${what}`);
    return String.fromCharCode(...bytes.subarray(start, pos));
  };
  const magic = token('magic number');
  const width = positive(token('width'), 'width', file);
  const height = positive(token('height'), 'height', file);
  const maxval = positive(token('maxval'), 'maxval', file);
  if (maxval > 65535) throw new ImageError(file, `${file}: PGM maxval must be 1..65535, found ${maxval}`);
  checkSize(width, height, 'PGM', file);
  const n = width * height;
  const values = new Float64Array(n);
  if (magic === 'P5') {
    pos++; // exactly one whitespace byte separates the header from the raster
    const size = maxval > 255 ? 2 : 1;
    if (bytes.length - pos < n * size) {
      throw new ImageError(file, `${file}: PGM raster of ${width}×${height} needs ${n * size} bytes, found ${Math.max(0, bytes.length - pos)}`);
    }
    for (let i = 0; i < n; i++) values[i] = size === 2 ? (bytes[pos + 2 * i]! << 8) | bytes[pos + 2 * i + 1]! : bytes[pos + i]!;
  } else {
    for (let i = 0; i < n; i++) {
      const v = Number(token(`pixel ${i + 1} of ${n}`));
      if (!Number.isInteger(v) || v < 0 || v > maxval) throw new ImageError(file, `${file}: PGM pixel ${i + 1} must be an integer 0..${maxval}, found ${v}`);
      values[i] = v;
    }
  }
  const pixels = new Uint8Array(n);
  for (let i = 0; i < n; i++) pixels[i] = Math.round((Math.min(values[i]!, maxval) * 255) / maxval);
  return { width, height, pixels };
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

function positive(text: string, what: string, file: string): number {
  const v = Number(text);
  if (!/^\d+$/.test(text) || v <= 0) throw new ImageError(file, `${file}: PGM ${what} must be a whole number > 0, found ${JSON.stringify(text)}`);
  return v;
}

export interface MnistInput {
  /** 784 pixels, white digit on black, row-major. */
  pixels: Uint8Array;
  /** True when the image looked like dark ink on light paper and was inverted. */
  inverted: boolean;
  /** The size before framing. */
  width: number;
  height: number;
}

/** A grey image as the network's input: inverted if it is mostly light, then framed to 28×28. */
export function toMnistInput(img: GrayImage): MnistInput {
  let sum = 0;
  for (const p of img.pixels) sum += p;
  const inverted = sum / img.pixels.length > 127;
  const grey = inverted ? img.pixels.map((p) => 255 - p) : img.pixels;
  const pixels = img.width === SIDE && img.height === SIDE ? grey.slice() : frameDigit(grey, img.width, img.height);
  return { pixels, inverted, width: img.width, height: img.height };
}
