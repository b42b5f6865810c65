/**
 * Everything `main` touches outside itself, so a test can run the whole CLI in-process with
 * strings for stdout and stderr and a button for Ctrl-C.
 */

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  /** Keys for the dashboard; only read when it is a terminal. */
  stdin?: NodeJS.ReadStream;
  env: Record<string, string | undefined>;
  /** Calls `handler` on SIGINT until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Leaves the process at once (a forced stop). */
  exitNow(code: number): void;
  /**
   * Calls `handler` once when stdout's reader goes away (EPIPE, as in `mnist train | head -1`);
   * writes to stdout are dropped from then on. Returns a function that removes the handler.
   */
  onOutputClosed?(handler: () => void): () => void;
}

/** The real process. */
export function processIo(): Io {
  const out = guardOutput(process.stdout);
  guardOutput(process.stderr); // `2>&1 | head` must not crash either
  return {
    stdout: out.stream,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
    onOutputClosed: out.onClosed,
  };
}

/** Whether stdout's reader went away (cli.ts then exits without waiting for it to drain). */
export let stdoutClosed = false;

/**
 * A closed pipe makes every later write fail with EPIPE, which Node raises as an 'error' event:
 * unhandled, it crashes the process with a stack trace. Here the first one marks the stream
 * closed, later writes are dropped, and the handlers (the session: stop with a checkpoint) run.
 * A terminal is passed through as it is: Ink needs the real stream.
 */
function guardOutput(stream: NodeJS.WriteStream): { stream: OutStream; onClosed(handler: () => void): () => void } {
  let closed = false;
  const handlers = new Set<() => void>();
  stream.on('error', () => {
    if (closed) return;
    closed = true;
    if (stream === process.stdout) stdoutClosed = true;
    for (const h of handlers) h();
  });
  const guarded: OutStream = stream.isTTY ? stream : { write: (chunk) => (closed ? false : stream.write(chunk)), isTTY: false };
  return {
    stream: guarded,
    onClosed(handler) {
      if (closed) handler();
      else handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}

export type Mode = 'ink' | 'plain' | 'json';

/** `--json` wins; otherwise the Ink dashboard on a real terminal, plain lines elsewhere (pipes, CI). */
export function chooseMode(io: Io, json: boolean): Mode {
  if (json) return 'json';
  const ci = io.env['CI'] !== undefined && io.env['CI'] !== '' && io.env['CI'] !== 'false' && io.env['CI'] !== '0';
  if (io.stdout.isTTY === true && !ci && io.env['TERM'] !== 'dumb') return 'ink';
  return 'plain';
}
