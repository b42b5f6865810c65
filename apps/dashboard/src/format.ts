// Number and time formats shared by the Ink dashboard, the plain log and the tables, so every
// view prints the same figure the same way.

/** A fraction 0..1 as a percentage with two decimals: 0.97612 -> "97.61%". */
export function pct(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(2)}%`;
}

/** A loss with four decimals. */
export function loss(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(4);
}

/** A learning rate with three significant digits and no trailing zeros: 0.09025 -> "0.0903". */
export function lr(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return String(Number(value.toPrecision(3)));
}

/** Seconds with one decimal: "4.1s". */
export function secs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value.toFixed(1)}s`;
}

/** A duration as m:ss or h:mm:ss: 222 -> "3:42". */
export function clock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–:––';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A rate in whole images per second: "14630 img/s". */
export function rate(samplesPerSec: number | null | undefined): string {
  if (samplesPerSec === null || samplesPerSec === undefined || !Number.isFinite(samplesPerSec)) return '– img/s';
  return `${Math.round(samplesPerSec)} img/s`;
}

/** A count with thousands separators: 60000 -> "60,000". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Sweep parameters as `hidden=512 lr=0.1`. */
export function params(p: Record<string, number | string>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(Number(v.toPrecision(4))) : v}`)
    .join(' ');
}

/** A text bar of `width` cells for a fraction 0..1. */
export function bar(fraction: number, width: number): string {
  const w = Math.max(0, width);
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.round(f * w);
  return '█'.repeat(full) + '░'.repeat(w - full);
}

/** Cuts a string to `width` characters, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
