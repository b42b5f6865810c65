/**
 * Flag values. Each parser rejects what it cannot use with a message that commander prefixes
 * with the flag: error: option '--lr <n>' argument 'abc' is invalid: expected a number > 0.
 */
import { InvalidArgumentError, type Command } from 'commander';

/** A plain decimal number (no hex, no empty string, no spaces): "0.1", "1e-4", "-3". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parse(text: string, expected: string, ok: (v: number) => boolean): number {
  const v = Number(text);
  if (!NUMBER.test(text.trim()) || !Number.isFinite(v) || !ok(v)) throw new InvalidArgumentError(`expected ${expected}`);
  return v;
}

export const positiveNumber = (text: string): number => parse(text, 'a number > 0', (v) => v > 0);
export const nonNegativeNumber = (text: string): number => parse(text, 'a number >= 0', (v) => v >= 0);
export const positiveInt = (text: string): number => parse(text, 'a whole number > 0', (v) => Number.isInteger(v) && v > 0);
export const seedValue = (text: string): number =>
  parse(text, 'a whole number 0..4294967295', (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff);

/** The flags every command takes. */
export interface GlobalOptions {
  json?: boolean;
  seed?: number;
  debug?: boolean;
  backend: string;
}

export function withGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON object per line on stdout (events, then a final {"type":"result"} line)')
    .option('--seed <n>', 'seed for every random choice, so the run can be repeated', seedValue)
    .option('--backend <name>', 'compute backend: auto picks the fastest that passes its self-check', 'auto')
    .option('--debug', 'show stack traces with errors');
}
