import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './errors.js';

/**
 * Reads a whole data file as bytes, gunzipping it when it is gzip (by its `.gz` name or its
 * 0x1f 0x8b magic bytes). A missing, unreadable, empty or corrupt file becomes a {@link DataError}
 * that names the path; `what` says what the file was meant to be ("IDX images file").
 */
export function readDataFile(path: string, what: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code})`;
    throw new DataError('DATA_MISSING', path, `${what} ${why}: ${path}`, { cause: e });
  }
  if (raw.length === 0) throw emptyError(path, what);
  const gzip = path.endsWith('.gz') || (raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gzip) return ownBytes(raw);
  let plain: Buffer;
  try {
    plain = gunzipSync(raw);
  } catch (e) {
    const why = (e as Error).message;
    throw new DataError('DATA_GZIP', path, `${what} ${path} is not valid gzip: ${why}`, { cause: e });
  }
  if (plain.length === 0) throw emptyError(path, what);
  return ownBytes(plain);
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
