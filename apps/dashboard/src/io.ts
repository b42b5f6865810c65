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
  /** Leaves the process at once (a second Ctrl-C). */
  exitNow(code: number): void;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
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
