/**
 * CSV data sets in the common MNIST layout: one image per line, `label,p0,p1,...,p783`, pixels
 * 0..255 row-major, with or without a header row (a first line whose first field is not a number).
 * Parsed straight from bytes: a 60,000-line file (~110 MB of text) never becomes a JS string.
 * Blank lines are skipped, "\r\n" endings and a UTF-8 byte-order mark are accepted, and a field may
 * carry spaces or be written as a float ("12.0", "1.2e+01") as long as its value is a whole number.
 */
import { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { readDataFile } from './io.js';
import { FEATURES } from './shape.js';

const FIELDS = FEATURES + 1;
const NL = 10;
const CR = 13;
const COMMA = 44;
const decoder = new TextDecoder();

/** Reads a CSV data set (plain or .gz). `source` defaults to the path. */
export function readCsv(path: string, source: string = path): Dataset {
  return parseCsv(readDataFile(path, 'CSV file'), path, source);
}

/** Parses CSV bytes; `path` names the file in error messages. */
export function parseCsv(bytes: Uint8Array, path: string, source: string = path): Dataset {
  let maxRows = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === NL) maxRows++;
  const images = new Uint8Array(maxRows * FEATURES);
  const labels = new Uint8Array(maxRows);
  let n = 0;
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  let seenLine = false;
  for (let line = 1; pos < bytes.length; line++) {
    let end = bytes.indexOf(NL, pos);
    if (end < 0) end = bytes.length;
    const stop = end > pos && bytes[end - 1] === CR ? end - 1 : end;
    if (!isBlank(bytes, pos, stop)) {
      const header = !seenLine && isHeader(bytes, pos, stop);
      seenLine = true;
      if (!header) parseRow(bytes, pos, stop, { path, line, images, labels, row: n++ });
    }
    pos = end + 1;
  }
  if (n === 0) {
    throw new DataError('DATA_EMPTY', path, `CSV file ${path} has no data rows (only a header or blank lines)`);
  }
  // Keep a view when little is wasted (the usual trailing newline); copy when many lines were blank.
  const own = maxRows - n <= 16;
  return new Dataset({
    images: own ? images.subarray(0, n * FEATURES) : images.slice(0, n * FEATURES),
    labels: own ? labels.subarray(0, n) : labels.slice(0, n),
    source,
  });
}

interface RowTarget {
  path: string;
  line: number;
  images: Uint8Array;
  labels: Uint8Array;
  row: number;
}

function parseRow(bytes: Uint8Array, from: number, to: number, t: RowTarget): void {
  let fields = 1;
  for (let i = from; i < to; i++) if (bytes[i] === COMMA) fields++;
  if (fields !== FIELDS) {
    throw new DataError(
      'DATA_CSV_FIELDS',
      t.path,
      `${t.path} line ${t.line}: ${fields} fields, expected ${FIELDS} (a label and ${FEATURES} pixels)`,
    );
  }
  let start = from;
  for (let k = 0; k < FIELDS; k++) {
    let end = bytes.indexOf(COMMA, start);
    if (end < 0 || end > to) end = to;
    const value = fieldValue(bytes, start, end);
    if (k === 0) {
      if (!(value >= 0 && value <= 9)) {
        const found = JSON.stringify(text(bytes, start, end));
        throw new DataError('DATA_BAD_LABEL', t.path, `${t.path} line ${t.line}: label ${found}, expected a digit 0..9`);
      }
      t.labels[t.row] = value;
    } else {
      if (!(value >= 0 && value <= 255)) {
        const found = JSON.stringify(text(bytes, start, end));
        throw new DataError(
          'DATA_CSV_PIXEL',
          t.path,
          `${t.path} line ${t.line}, field ${k + 1} (pixel ${k - 1}): expected an integer 0..255, found ${found}`,
        );
      }
      t.images[t.row * FEATURES + k - 1] = value;
    }
    start = end + 1;
  }
}

/** The field's whole-number value, or NaN when it is not one (empty, text, fractional). */
function fieldValue(bytes: Uint8Array, from: number, to: number): number {
  while (from < to && isSpace(bytes[from]!)) from++;
  while (to > from && isSpace(bytes[to - 1]!)) to--;
  if (from === to) return NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) {
      const slow = Number(text(bytes, from, to)); // "12.0", "1.2e+01"
      return Number.isInteger(slow) ? slow : NaN;
    }
    value = value * 10 + d;
  }
  return value;
}

function isHeader(bytes: Uint8Array, from: number, to: number): boolean {
  let end = bytes.indexOf(COMMA, from);
  if (end < 0 || end > to) end = to;
  const first = text(bytes, from, end).trim();
  return Number.isNaN(Number(first));
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(bytes[i]!)) return false;
  return true;
}

const isSpace = (b: number): boolean => b === 32 || b === 9;
const text = (bytes: Uint8Array, from: number, to: number): string => decoder.decode(bytes.subarray(from, to));

/** A data set as CSV text: an optional `label,p0,...,p783` header, then one line per image. */
export function encodeCsv(ds: { images: Uint8Array; labels: Uint8Array }, options: { header?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.header === true) {
    lines.push(['label', ...Array.from({ length: FEATURES }, (_, j) => `p${j}`)].join(','));
  }
  for (let i = 0; i < ds.labels.length; i++) {
    lines.push(`${ds.labels[i]},${ds.images.subarray(i * FEATURES, (i + 1) * FEATURES).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}
