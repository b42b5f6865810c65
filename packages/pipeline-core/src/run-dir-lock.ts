/**
 * One process at a time owns a run directory. The owner holds `<runDir>/.lock`, a small JSON file
 * ({pid, host, started, procStart}) created with O_EXCL, so of two processes that race for it
 * exactly one wins. A lock whose process is gone (a kill -9, a crash) is stale and is taken over.
 *
 * Why not proper-lockfile: it decides staleness by the lock's age (the holder must touch it every
 * few seconds from a timer) and records no pid, so it can neither name the holder nor tell at once
 * that a killed process left the lock. Here liveness is asked of the kernel: kill(pid, 0), plus
 * the process's start time from /proc on Linux, so a pid reused by another program is not taken
 * for the holder.
 */
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PipelineError } from './errors.js';

export const LOCK_FILE = '.lock';

interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), where there is /proc. */
  procStart?: string;
}

/** Locks this process holds: released on release() or, at the latest, when the process exits. */
const held = new Map<string, string>();
let exitHookInstalled = false;

/** A lock file younger than this that cannot be parsed is still being written by its creator. */
const FRESH_MS = 2_000;
const ATTEMPTS = 50;

export interface RunDirLock {
  readonly dir: string;
  release(): void;
}

/**
 * Takes `<dir>/.lock` for this process (the directory must exist). Throws RUN_DIR_LOCKED naming
 * the directory and the pid that holds it; takes over a lock whose process is gone.
 */
export function lockRunDir(dir: string, shown = dir): RunDirLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), ...procStartOf(process.pid) };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      writeFileSync(path, text, { flag: 'wx' });
      hold(path, text);
      return { dir, release: () => release(path) };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== 'EEXIST') throw new PipelineError('RUN_DIR_UNWRITABLE', `${shown}: cannot create the lock file in the run directory: ${describeErrno(err)}`, { cause: e });
    }
    const seen = readLock(path);
    if (seen === 'gone') continue; // released between our attempt and the read: try again
    if (seen === 'fresh') {
      sleep(20);
      continue;
    }
    if (seen.info && isAlive(seen.info)) throw lockedBy(shown, seen.info);
    // Stale: remove it only if it is still the very file we judged (another process may have
    // taken it over meanwhile), then race for it with O_EXCL like everyone else.
    takeOver(path, seen.text);
  }
  throw new PipelineError('RUN_DIR_LOCKED', `${shown}: could not take the run directory's lock ${path} after ${ATTEMPTS} tries; another process keeps taking it`);
}

/** Whether `<dir>/.lock` is held by a live process other than this one (for messages and tests). */
export function lockHolder(dir: string): number | null {
  const seen = readLock(join(dir, LOCK_FILE));
  if (typeof seen === 'string' || !seen.info) return null;
  return isAlive(seen.info) ? seen.info.pid : null;
}

type Seen = 'gone' | 'fresh' | { text: string; info: LockInfo | null };

function readLock(path: string): Seen {
  let text: string;
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  const info = parseLock(text);
  if (!info && age < FRESH_MS) return 'fresh';
  return { text, info };
}

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    return Number.isSafeInteger(v.pid) && typeof v.host === 'string' ? (v as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Alive unless the kernel says there is no such process, or the pid now names a newer one. */
function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // another machine's process: we cannot tell, so assume it lives
  if (info.pid === process.pid) return held.size > 0 && [...held.values()].some((t) => parseLock(t)?.started === info.started);
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists but belongs to someone else
  }
  const now = procStartOf(info.pid).procStart;
  return info.procStart === undefined || now === undefined || now === info.procStart;
}

function procStartOf(pid: number): { procStart?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at its last ')'.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start === undefined ? {} : { procStart: start };
  } catch {
    return {};
  }
}

function takeOver(path: string, staleText: string): void {
  const guard = `${path}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone else is taking it over. A guard left by a process killed in that instant is old.
    if (Date.now() - (statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > FRESH_MS) unlinkQuietly(guard);
    else sleep(10);
    return;
  }
  try {
    const now = readLock(path);
    if (typeof now !== 'string' && now.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function hold(path: string, text: string): void {
  held.set(path, text);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that leaves through process.exit (a forced stop) still frees its directories.
  process.on('exit', () => {
    for (const p of [...held.keys()]) release(p);
  });
}

function release(path: string): void {
  const text = held.get(path);
  if (text === undefined) return;
  held.delete(path);
  try {
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch {
    // already gone
  }
}

function lockedBy(shown: string, info: LockInfo): PipelineError {
  const where = info.host === hostname() ? '' : ` on host ${info.host}`;
  const self = info.pid === process.pid ? ' (this process)' : '';
  return new PipelineError(
    'RUN_DIR_LOCKED',
    `${shown}: the run directory is in use by process ${info.pid}${where}${self}, which took it at ${info.started}; wait for it to finish or stop it (one process at a time owns a run directory)`,
  );
}

/** "read-only file system (EROFS)" and the like: the errno in words, then its code. */
export function describeErrno(e: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file, not a directory',
    ENOENT: 'no such file or directory',
    EEXIST: 'already exists',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
  };
  const code = e.code ?? 'unknown';
  return `${words[code] ?? e.message} (${code})`;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

/** A short synchronous wait (the whole lock dance is synchronous and takes milliseconds). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
