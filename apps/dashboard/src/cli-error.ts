/**
 * Errors for people. A CliError is a bad input the user can fix (a missing file, a bad flag); its
 * message names the thing, what was expected and what was found. Errors from the packages (a
 * DataError, ModelFileError, PipelineError, TrainError) carry a `code` and are written the same
 * way. Anything else is a bug: its stack is shown with --debug.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export class CliError extends Error {
  override readonly name = 'CliError';
}

/** An error the packages raised on purpose (they all carry a string `code`). */
export function isKnownError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

/** The text printed on stderr for `e` (ending in a newline). */
export function formatError(e: unknown, debug: boolean, describe?: (e: unknown) => string | null): string {
  const message = describe?.(e) ?? (e instanceof Error ? e.message : String(e));
  const known = e instanceof CliError || isKnownError(e);
  let text = `error: ${message.replace(/^error: /, '')}\n`;
  if (debug && e instanceof Error && e.stack) text += `${e.stack}\n`;
  else if (!known) text += '(this looks like a bug; run again with --debug for the stack trace)\n';
  return text;
}

/** Checks that `path` is an existing file, naming it and what it was meant to be. */
export function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new CliError(`${what} ${path} not found (looked for ${resolve(path)})`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new CliError(`${what} ${path} is a directory, expected a file`);
  // A device or a FIFO never ends (/dev/zero): reading one would fill memory or hang.
  if (!stat.isFile()) throw new CliError(`${what} ${path} is not a regular file (a device, a FIFO or a socket), expected a file`);
}

/** Checks that `path` is an existing directory. */
export function requireDir(path: string, what: string): void {
  if (!existsSync(path)) throw new CliError(`${what} ${path} not found (looked for ${resolve(path)})`);
  if (!statSync(path).isDirectory()) throw new CliError(`${what} ${path} is a file, expected a directory`);
}
