/** An in-memory Io for running `main` in tests: strings for stdout/stderr, a Ctrl-C button. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Io } from './io.js';

export interface FakeIo extends Io {
  out(): string;
  err(): string;
  /** Presses Ctrl-C (calls the SIGINT handlers registered now). */
  interrupt(): void;
  /** Closes stdout as a reader that went away would (EPIPE): later writes are dropped. */
  closeOutput(): void;
  exits: number[];
}

export function fakeIo(options: { tty?: boolean; env?: Record<string, string> } = {}): FakeIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const closedHandlers = new Set<() => void>();
  let closed = false;
  const exits: number[] = [];
  return {
    stdout: { write: (s: string) => (closed ? false : ((out += s), true)), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => ((err += s), true), isTTY: false },
    env: options.env ?? {},
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    exitNow(code) {
      exits.push(code);
    },
    onOutputClosed(handler) {
      closedHandlers.add(handler);
      return () => closedHandlers.delete(handler);
    },
    closeOutput: () => {
      closed = true;
      for (const h of [...closedHandlers]) h();
    },
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
    exits,
  };
}

/** Makes temporary directories named `<prefix>XXXXXX`; all of them go after the file's tests. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}
