import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockHolder, lockRunDir } from './run-dir-lock.js';
import { prepareRunDir, releaseRunDir } from './run-dir.js';

const dir = () => mkdtempSync(join(tmpdir(), 'lock-'));
const lockOf = (pid: number, extra: object = {}) => JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', ...extra });
/** The pid of a process that has exited (so nothing runs under it, barring reuse). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('the run-directory lock', () => {
  it('is exclusive within one process too, and free again once released', () => {
    const d = dir();
    const lock = lockRunDir(d, 'runs/x');
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(message(() => lockRunDir(d, 'runs/x'))).toMatch(new RegExp(`^runs/x: the run directory is in use by process ${process.pid} \\(this process\\), which took it at `));
    expect(lockHolder(d)).toBe(process.pid);
    lock.release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    lockRunDir(d).release();
  });

  it('takes over the lock of a process that is gone', () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), lockOf(deadPid()));
    const lock = lockRunDir(d);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now names a newer process (the start time differs)', () => {
    const d = dir();
    // process.ppid lives, but it did not start at tick 1: a reused pid, not the holder.
    writeFileSync(join(d, LOCK_FILE), lockOf(process.ppid, { procStart: '1' }));
    if (!existsSync(`/proc/${process.ppid}/stat`)) return expect(message(() => lockRunDir(d))).toMatch(/in use by process/);
    lockRunDir(d).release();
  });

  it('keeps a live holder’s lock, and one from another host (which it cannot check)', () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), lockOf(process.ppid));
    expect(message(() => lockRunDir(d, 'r'))).toBe(`r: the run directory is in use by process ${process.ppid}, which took it at 2026-01-01T00:00:00.000Z; wait for it to finish or stop it (one process at a time owns a run directory)`);
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', started: 'then' }));
    expect(message(() => lockRunDir(d, 'r'))).toMatch(/^r: the run directory is in use by process 1 on host elsewhere, /);
  });

  it('prepareRunDir: a new run ignores its own lock when it checks the directory is empty', () => {
    const parent = dir();
    const runDir = prepareRunDir('t', { runDir: join(parent, 'run') });
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(true);
    releaseRunDir(runDir);
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(false);
    writeFileSync(join(runDir, 'x'), '');
    expect(message(() => prepareRunDir('t', { runDir: join(parent, 'run') }))).toMatch(/already exists and is not an empty directory/);
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(false); // released on the way out
  });
});
