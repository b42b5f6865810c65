import { ModelFileError } from './errors.js';

/**
 * safetensors (https://github.com/huggingface/safetensors), the part this project uses:
 *   bytes 0..8     N, the header length, an unsigned 64-bit little-endian integer
 *   bytes 8..8+N   a UTF-8 JSON object: {name: {dtype, shape, data_offsets: [begin, end]}, ...,
 *                  "__metadata__": {string: string}}, padded with spaces to a multiple of 8
 *   bytes 8+N..    the data section; a tensor's bytes are [begin, end) of it, row-major, little-endian
 * Only F32 tensors are written or read. Decoding parses JSON and copies bytes; nothing in the file
 * is ever executed, and every length and offset is checked before it is used.
 */

export interface F32Tensor {
  dtype: 'F32';
  shape: number[];
  data: Float32Array;
}

export interface Safetensors {
  tensors: Record<string, F32Tensor>;
  metadata: Record<string, string>;
}

/** The reference implementation's bound on the header (MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * At most this many tensors in a header (a model holds 4). Counted before the header is parsed:
 * a million tiny entries would otherwise take over a gigabyte to build into objects.
 */
export const MAX_TENSORS = 10_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const product = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** The file's bytes: header length, padded JSON header, then each tensor's data in the order given. */
export function encodeSafetensors(tensors: Record<string, F32Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__' || name === '') throw new RangeError(`encodeSafetensors: "${name}" cannot name a tensor`);
    if (t.dtype !== 'F32') throw new RangeError(`encodeSafetensors: tensor ${name} has dtype ${String(t.dtype)}, only F32 is written`);
    if (product(t.shape) !== t.data.length || t.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new RangeError(`encodeSafetensors: tensor ${name} has shape [${t.shape.join(',')}] but ${t.data.length} values`);
    }
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new RangeError(`encodeSafetensors: __metadata__.${key} must be a string, got ${typeof value}`);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8; // pad with spaces, as the reference writer does
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.fill(0x20, 8, 8 + headerLength);
  bytes.set(json, 8);
  let at = 8 + headerLength;
  for (const t of Object.values(tensors)) {
    writeF32(t.data, bytes, at);
    at += 4 * t.data.length;
  }
  return bytes;
}

/**
 * Parses and checks a safetensors file; `file` names it in errors. Rejects (ModelFileError) a
 * short file, a header length past the end or over MAX_HEADER_BYTES, JSON that is not an object,
 * an entry without dtype/shape/data_offsets, any dtype but F32, offsets outside the data section,
 * not spanning shape×4 bytes or overlapping, metadata values that are not strings, and NaN/±Inf
 * values (every tensor in this project is a weight, where they mean a diverged run).
 * Gaps between tensors are allowed; such bytes are never read.
 */
export function decodeSafetensors(bytes: Uint8Array, file = '<memory>'): Safetensors {
  const { header, dataStart } = readHeader(bytes, file);
  const dataLength = bytes.length - dataStart;
  const metadata = readMetadata(header.__metadata__, file);
  const spans: { name: string; begin: number; end: number }[] = [];
  const tensors: Record<string, F32Tensor> = Object.create(null) as Record<string, F32Tensor>;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { shape, begin, end } = readEntry(name, entry, dataLength, file);
    if (end > begin) spans.push({ name, begin, end }); // an empty tensor owns no bytes
    const data = readF32(bytes, dataStart + begin, (end - begin) / 4);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ModelFileError('NON_FINITE', file, `tensor "${name}" holds ${data[bad]} at flat index ${bad}`, name);
    tensors[name] = { dtype: 'F32', shape, data };
  }
  // Sorted by start, any overlap shows up between neighbours.
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    const [p, q] = [spans[i - 1]!, spans[i]!];
    if (q.begin < p.end) {
      throw new ModelFileError('OFFSETS_OVERLAP', file, `tensors "${p.name}" [${p.begin}, ${p.end}) and "${q.name}" [${q.begin}, ${q.end}) share bytes`, q.name);
    }
  }
  return { tensors, metadata };
}

function readHeader(bytes: Uint8Array, file: string): { header: Record<string, unknown>; dataStart: number } {
  const length = headerLength(bytes, bytes.length, file);
  return { header: parseHeader(bytes.subarray(8, 8 + length), file), dataStart: 8 + length };
}

/** N from the first 8 bytes of a file of `fileLength` bytes, checked against the file and the limit. */
export function headerLength(first8: Uint8Array, fileLength: number, file: string): number {
  if (fileLength < 8 || first8.length < 8) {
    throw new ModelFileError('TOO_SHORT', file, `the file is ${fileLength} bytes; a safetensors file starts with an 8-byte header length`);
  }
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER_BYTES, fileLength - 8))) {
    const limit = n > BigInt(MAX_HEADER_BYTES) ? `the ${MAX_HEADER_BYTES}-byte limit` : `the ${fileLength - 8} bytes after the length field`;
    throw new ModelFileError('HEADER_LENGTH', file, `the header length is ${n} bytes, more than ${limit}`);
  }
  return Number(n);
}

/**
 * The header's JSON object, refused when it names more than MAX_TENSORS entries or one name twice
 * (JSON.parse would silently keep the last). Both are counted on the text before it is parsed.
 */
export function parseHeader(json: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  let header: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch (e) {
    throw new ModelFileError('HEADER_JSON', file, `the ${json.length}-byte header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  checkNames(topLevelKeys(text, MAX_TENSORS + 2), file);
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError('HEADER_JSON', file, `the ${json.length}-byte header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new ModelFileError('HEADER_NOT_OBJECT', file, `the header should be a JSON object of tensors, found ${describe(header)}`);
  }
  return header as Record<string, unknown>;
}

function checkNames(keys: string[], file: string): void {
  const tensors = keys.filter((k) => k !== '__metadata__').length;
  if (tensors > MAX_TENSORS) {
    throw new ModelFileError('TOO_MANY_TENSORS', file, `the header lists more than ${MAX_TENSORS} tensors (a model file holds 4: W1, b1, W2, b2)`);
  }
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new ModelFileError('DUPLICATE_TENSOR', file, `the header names "${k}" twice; each name must appear once`, k);
    seen.add(k);
  }
}

/**
 * The keys of a JSON object text at its top level, in order and with repeats, stopping after
 * `limit`; [] when the text is not an object (JSON.parse then says what is wrong). It skips over
 * values by tracking strings and bracket depth only, so it allocates nothing per value.
 */
export function topLevelKeys(text: string, limit: number): string[] {
  const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
  const OPEN = new Set([0x7b, 0x5b]), CLOSE = new Set([0x7d, 0x5d]);
  const keys: string[] = [];
  if (!text.trimStart().startsWith('{')) return keys;
  let depth = 0;
  let keyNext = false;
  for (let i = 0; i < text.length && keys.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      if (depth === 1 && keyNext) {
        try {
          keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        } catch {
          return keys; // a broken string: JSON.parse of the whole header reports it
        }
        keyNext = false;
      }
      i = j;
    } else if (OPEN.has(c)) {
      depth++;
      if (depth === 1) keyNext = true;
    } else if (CLOSE.has(c)) depth--;
    else if (c === COMMA && depth === 1) keyNext = true;
  }
  return keys;
}

function readMetadata(raw: unknown, file: string): Record<string, string> {
  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === undefined) return metadata;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ModelFileError('BAD_METADATA', file, `__metadata__ should be an object of strings, found ${describe(raw)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new ModelFileError('BAD_METADATA', file, `__metadata__.${key} should be a string, found ${describe(value)}`);
    metadata[key] = value;
  }
  return metadata;
}

function readEntry(name: string, entry: unknown, dataLength: number, file: string): { shape: number[]; begin: number; end: number } {
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  const { dtype, shape, data_offsets: offsets } = e;
  if (typeof dtype !== 'string' || !Array.isArray(shape) || !shape.every(isIndex) || !Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw new ModelFileError('BAD_ENTRY', file, `tensor "${name}" should be {"dtype": string, "shape": [non-negative integers], "data_offsets": [begin, end]}, found ${JSON.stringify(entry)}`, name);
  }
  if (dtype !== 'F32') throw new ModelFileError('UNSUPPORTED_DTYPE', file, `tensor "${name}" has dtype ${dtype}; only F32 is supported`, name);
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw new ModelFileError('OFFSETS_OUT_OF_RANGE', file, `tensor "${name}" has data_offsets [${begin}, ${end}], outside the ${dataLength}-byte data section`, name);
  }
  const need = 4 * product(shape as number[]);
  if (end - begin !== need) {
    throw new ModelFileError('OFFSETS_SIZE', file, `tensor "${name}" of shape [${shape.join(',')}] needs ${need} bytes of F32, its data_offsets [${begin}, ${end}] span ${end - begin}`, name);
  }
  return { shape: shape as number[], begin, end };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/** Copies little-endian F32 bytes into a fresh (aligned) Float32Array. */
function readF32(bytes: Uint8Array, at: number, n: number): Float32Array {
  const out = new Float32Array(n);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(at, at + 4 * n));
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 4 * n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  }
  return out;
}

function writeF32(data: Float32Array, bytes: Uint8Array, at: number): void {
  if (LITTLE_ENDIAN) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, data.byteLength);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  }
}
