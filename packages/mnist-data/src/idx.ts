/**
 * IDX files, the format MNIST ships in (LeCun et al.): a big-endian header, then raw bytes.
 *   images (idx3): magic 0x00000803, count, rows, cols (4 bytes each), then count·rows·cols pixels
 *   labels (idx1): magic 0x00000801, count, then count label bytes
 * The magic's third byte 0x08 means "unsigned byte", the fourth the number of dimensions.
 */
import { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { readDataFile } from './io.js';
import { FEATURES, IMAGE_COLS, IMAGE_ROWS } from './shape.js';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
const IMAGES_HEADER = 16;
const LABELS_HEADER = 8;

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What a wrong magic number suggests the file is, if anything. */
function magicHint(bytes: Uint8Array, found: number): string {
  if (found === IDX_IMAGES_MAGIC) return '; this is an IDX images file';
  if (found === IDX_LABELS_MAGIC) return '; this is an IDX labels file';
  const printable = bytes.subarray(0, 4).every((b) => (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13);
  return printable ? `; it starts with text (a CSV file must be named *.csv)` : '';
}

function checkHeader(bytes: Uint8Array, path: string, magic: number, headerBytes: number, kind: string): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4) {
    const found = view.getUint32(0, false);
    if (found !== magic) {
      throw new DataError(
        'DATA_BAD_MAGIC',
        path,
        `${path}: bad magic number ${hex(found)}, expected ${hex(magic)} for an IDX ${kind} file${magicHint(bytes, found)}`,
      );
    }
  }
  if (bytes.length < headerBytes) {
    throw new DataError(
      'DATA_TRUNCATED',
      path,
      `${path} is truncated: ${plural(bytes.length, 'byte')}, an IDX ${kind} header needs ${headerBytes}`,
    );
  }
  return view;
}

function checkSize(bytes: Uint8Array, path: string, header: number, need: number, what: string): void {
  const have = bytes.length - header;
  if (have === need) return;
  const code = have < need ? 'DATA_TRUNCATED' : 'DATA_TRAILING';
  const state = have < need ? 'is truncated' : 'has extra bytes';
  throw new DataError(
    code,
    path,
    `${path} ${state}: the header promises ${what} (${plural(need, 'byte')}) but ${plural(have, 'byte')} follow the ${header}-byte header`,
  );
}

/** Parses the bytes of an idx3 images file. `images` is a view into `bytes` (no copy). */
export function parseIdxImages(bytes: Uint8Array, path: string): { images: Uint8Array; count: number } {
  const view = checkHeader(bytes, path, IDX_IMAGES_MAGIC, IMAGES_HEADER, 'images');
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows !== IMAGE_ROWS || cols !== IMAGE_COLS) {
    throw new DataError(
      'DATA_BAD_SHAPE',
      path,
      `${path}: images are ${rows}×${cols}, expected ${IMAGE_ROWS}×${IMAGE_COLS} (the network takes ${FEATURES} inputs)`,
    );
  }
  checkSize(bytes, path, IMAGES_HEADER, count * FEATURES, `${plural(count, 'image')} of ${rows}×${cols}`);
  return { images: bytes.subarray(IMAGES_HEADER, IMAGES_HEADER + count * FEATURES), count };
}

/** Parses the bytes of an idx1 labels file and checks every label is 0..9. A view into `bytes`. */
export function parseIdxLabels(bytes: Uint8Array, path: string): Uint8Array {
  const view = checkHeader(bytes, path, IDX_LABELS_MAGIC, LABELS_HEADER, 'labels');
  const count = view.getUint32(4, false);
  checkSize(bytes, path, LABELS_HEADER, count, plural(count, 'label'));
  const labels = bytes.subarray(LABELS_HEADER, LABELS_HEADER + count);
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (label > 9) {
      throw new DataError('DATA_BAD_LABEL', path, `${path}: label ${label} at index ${i}, expected a digit 0..9`);
    }
  }
  return labels;
}

/** Reads an idx3 images file (plain or .gz). */
export function readIdxImages(path: string): { images: Uint8Array; count: number } {
  return parseIdxImages(readDataFile(path, 'IDX images file'), path);
}

/** Reads an idx1 labels file (plain or .gz). */
export function readIdxLabels(path: string): Uint8Array {
  return parseIdxLabels(readDataFile(path, 'IDX labels file'), path);
}

/** Reads an IDX images + labels pair into a {@link Dataset}; `source` defaults to the images path. */
export function readIdx(imagesPath: string, labelsPath: string, source: string = imagesPath): Dataset {
  const { images, count } = readIdxImages(imagesPath);
  const labels = readIdxLabels(labelsPath);
  if (labels.length !== count) {
    throw new DataError(
      'DATA_COUNT_MISMATCH',
      imagesPath,
      `${imagesPath} holds ${plural(count, 'image')} but ${labelsPath} holds ${plural(labels.length, 'label')}; they must match one to one`,
    );
  }
  return new Dataset({ images, labels, source });
}

/** The bytes of an idx3 file holding `images` (count·784 pixels, row-major 28×28 each). */
export function encodeIdxImages(images: Uint8Array): Uint8Array {
  if (images.length % FEATURES !== 0) {
    throw new RangeError(`encodeIdxImages: ${images.length} pixels is not a whole number of ${FEATURES}-pixel images`);
  }
  const out = new Uint8Array(IMAGES_HEADER + images.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC, false);
  view.setUint32(4, images.length / FEATURES, false);
  view.setUint32(8, IMAGE_ROWS, false);
  view.setUint32(12, IMAGE_COLS, false);
  out.set(images, IMAGES_HEADER);
  return out;
}

/** The bytes of an idx1 file holding `labels`. */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(LABELS_HEADER + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC, false);
  view.setUint32(4, labels.length, false);
  out.set(labels, LABELS_HEADER);
  return out;
}
