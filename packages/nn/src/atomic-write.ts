import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` so that no reader ever sees half a file: it goes to
 * `${path}.tmp-${pid}` first, is fsynced, then renamed over `path` (rename is atomic on POSIX
 * file systems). On any failure the temporary file is removed and an error naming `path` is
 * thrown (its `code`, e.g. ENOSPC, kept); whatever was at `path` before is untouched.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o644);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeQuietly(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // it may never have been created
    }
    throw namedError(path, e);
  }
  syncDirectory(dirname(path));
}

const WHY: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
};

/** "cannot write runs/x/model.safetensors: no space left on device (ENOSPC)", code kept. */
function namedError(path: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string') return e as Error;
  const why = WHY[err.code] ?? err.message;
  return Object.assign(new Error(`cannot write ${path}: ${why} (${err.code})`, { cause: e }), { code: err.code, path });
}

/** fsync the directory so the rename itself survives a power cut; best effort (not on Windows). */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some platforms cannot open or fsync a directory; the file itself is already durable
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to do
  }
}
