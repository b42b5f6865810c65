/**
 * JSON.parse with the position of a mistake as line:column. V8 names the offset in its message
 * ("... in JSON at position 42"), or, for an unexpected token, quotes up to 10 characters either
 * side of it; this turns either into a line and column. Also bounds how deep a spec may nest: a
 * spec needs about six levels, and 100,000 would overflow the stack of every later check.
 */

import { PipelineError, type PipelineErrorCode } from './errors.js';

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${line}:${column}: ${detail}`);
    this.name = 'JsonSyntaxError';
  }
}

/** How deep objects and arrays may nest in a spec. */
export const MAX_DEPTH = 64;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = (e as Error).message;
    const offset = errorOffset(text, message);
    const { line, column } = lineColumn(text, offset);
    let detail = message.replace(/( in JSON)? at position \d+$/, '').replace(/^(Unexpected token '.'), .* is not valid JSON$/s, '$1');
    if (/^Expected double-quoted property name/.test(detail) && text.slice(0, offset).trimEnd().endsWith(',')) detail += ' after "," (JSON allows no trailing comma)';
    throw new JsonSyntaxError(line, column, detail.charAt(0).toLowerCase() + detail.slice(1));
  }
}

/** A file's JSON, or a PipelineError `<file>:<line>:<column>: not valid JSON: <what>` with `code`. */
export function parseJsonFile(text: string, file: string, code: PipelineErrorCode): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    const j = e as JsonSyntaxError;
    throw new PipelineError(code, `${file}:${j.line}:${j.column}: not valid JSON: ${j.detail}`, { file, cause: e });
  }
}

/** Where V8's message says the mistake is (0-based offset). */
function errorOffset(text: string, message: string): number {
  const at = / at position (\d+)$/.exec(message);
  if (at) return Number(at[1]);
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  // Unexpected token 'x', ..."<10 before>x<10 after>"... is not valid JSON (cut ends marked "...")
  const quoted = /^Unexpected token '(.)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (!quoted) return 0;
  const [, token, cutStart, snippet, cutEnd] = quoted as unknown as [string, string, string | undefined, string, string | undefined];
  const from = text.indexOf(snippet);
  if (from < 0) return 0;
  if (cutStart) return from + 10;
  return cutEnd ? from + snippet.length - 10 : text.indexOf(token);
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `value` nests objects or arrays more than `max` levels deep (walked without recursion). */
export function nestedTooDeep(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
