/**
 * `--json`: one JSON object per line on stdout, nothing else there. Typed arrays (the W1 preview
 * of epoch:end) are left out: they are bulk data for the live view, not a record of the run.
 */

/** The event as one line of JSON (with the trailing newline), typed arrays omitted. */
export function jsonLine(value: object): string {
  return `${JSON.stringify(value, omitBulk)}\n`;
}

function omitBulk(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => ArrayBuffer.isView(v))) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
