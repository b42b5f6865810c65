import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './errors.js';

/**
 * The largest data file read, before and after gunzip: 256 MiB. MNIST's training images are 47 MB
 * and its CSV about 110 MB; the bound keeps a hostile file (or a gzip bomb: a few kB that inflate
 * to gigabytes) from taking the machine's memory.
 */
export const MAX_DATA_FILE_BYTES = 256 * 2 ** 20;

/**
 * Reads a whole data file as bytes, gunzipping it when it is gzip (by its `.gz` name or its
 * 0x1f 0x8b magic bytes). A missing, unreadable, empty or corrupt file becomes a {@link DataError}
 * that names the path; `what` says what the file was meant to be ("IDX images file").
 */
export function readDataFile(path: string, what: string): Uint8Array {
  let raw: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_DATA_FILE_BYTES) throw tooLarge(path, what, `is ${size} bytes,`);
    raw = readFileSync(path);
  } catch (e) {
    if (e instanceof DataError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code})`;
    throw new DataError('DATA_MISSING', path, `${what} ${why}: ${path}`, { cause: e });
  }
  if (raw.length === 0) throw emptyError(path, what);
  const gzip = path.endsWith('.gz') || (raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gzip) return ownBytes(raw);
  let plain: Buffer;
  try {
    plain = gunzipSync(raw, { maxOutputLength: MAX_DATA_FILE_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, what, 'inflates to');
    const why = (e as Error).message;
    throw new DataError('DATA_GZIP', path, `${what} ${path} is not valid gzip: ${why}`, { cause: e });
  }
  if (plain.length === 0) throw emptyError(path, what);
  return ownBytes(plain);
}

function tooLarge(path: string, what: string, how: string): DataError {
  return new DataError('DATA_TOO_LARGE', path, `${what} ${path} ${how} more than the ${MAX_DATA_FILE_BYTES} bytes (256 MiB) a data file may hold`);
}

function emptyError(path: string, what: string): DataError {
  return new DataError('DATA_EMPTY', path, `${what} ${path} is empty (0 bytes)`);
}

/**
 * A plain Uint8Array over the same bytes. A large Buffer owns its ArrayBuffer, so this is a view
 * (no 47 MB copy); a small one may sit in Node's shared pool, and is copied so that the data set
 * never holds (or hands to a worker) memory that belongs to someone else.
 */
function ownBytes(buf: Buffer): Uint8Array {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return new Uint8Array(buf.buffer);
  return new Uint8Array(buf);
}
