// "Nice" axis ranges and tick steps (1, 2 or 5 times a power of ten) and tick labels.

/** The smallest step of 1, 2 or 5 x 10^k that cuts `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks = 6, integer = false): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, maxTicks);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * pow;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** The multiples of `step` inside [lo, hi] (ends included, allowing for rounding). */
export function ticksInRange(lo: number, hi: number, step: number): number[] {
  const eps = step * 1e-6;
  const ticks: number[] = [];
  for (let k = Math.ceil((lo - eps) / step); k * step <= hi + eps && ticks.length < 1000; k++) {
    ticks.push(roundTo(k * step, step));
  }
  return ticks;
}

/** Rounds away float noise (0.30000000000000004 -> 0.3) at the precision the step needs. */
function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, digits)));
}

/** A readable tick label: as many decimals as the step needs; exponent form for tiny/huge values. */
export function formatTick(v: number, step: number): string {
  const decimals = Math.max(0, Math.min(10, Math.ceil(-Math.log10(step) - 1e-9)));
  if (Math.abs(v) < step * 1e-6) return (0).toFixed(decimals);
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return formatExp(v);
  return v.toFixed(decimals);
}

/** 1e-4, 2.5e+6 -> "2.5e6": the shortest exponent form, 3 significant digits at most. */
export function formatExp(v: number): string {
  const [mant = '0', exp = '0'] = v.toExponential(2).split('e');
  return `${Number(mant)}e${Number(exp)}`;
}

/** A short label: `digits` significant digits, exponent form when tiny or huge. */
export function formatShort(v: number, digits = 2): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return formatExp(Number(v.toPrecision(digits)));
  return String(Number(v.toPrecision(digits)));
}

/** A value label for a table or legend: 4 significant digits, exponent form when tiny or huge. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return formatExp(v);
  return String(Number(v.toPrecision(4)));
}

export interface AxisRange {
  lo: number;
  hi: number;
  step: number;
  ticks: number[];
}

/**
 * An axis range around the finite `values`: padded by `pad` of the span on each side, widened to
 * whole tick steps, then clamped to `clamp` (e.g. [0, 1] for accuracy, so a curve near 1 does not
 * get an axis to 1.01). A single value or a constant series gets a range around it, never zero;
 * `minSpan` keeps a nearly flat series from being blown up to fill the plot.
 */
export function autoRange(
  values: readonly number[],
  options: { pad?: number; clamp?: readonly [number, number]; maxTicks?: number; minSpan?: number } = {},
): AxisRange {
  const finite = values.filter(Number.isFinite);
  const maxTicks = options.maxTicks ?? 6;
  let lo = finite.length === 0 ? 0 : Math.min(...finite);
  let hi = finite.length === 0 ? 1 : Math.max(...finite);
  const span = hi - lo;
  if (span === 0) {
    const half = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= half;
    hi += half;
  } else {
    const pad = (options.pad ?? 0.05) * span;
    lo -= pad;
    hi += pad;
  }
  [lo, hi] = widen(lo, hi, options.minSpan ?? 0, options.clamp);
  const step = niceStep(hi - lo, maxTicks);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  if (options.clamp) {
    lo = Math.max(lo, options.clamp[0]);
    hi = Math.min(hi, options.clamp[1]);
    if (hi <= lo) return fixedRange(options.clamp[0], options.clamp[1], maxTicks);
  }
  return { lo, hi, step, ticks: ticksInRange(lo, hi, step) };
}

/** Widens [lo, hi] about its centre to at least `minSpan`, sliding it back inside `clamp`. */
function widen(lo: number, hi: number, minSpan: number, clamp?: readonly [number, number]): [number, number] {
  if (hi - lo >= minSpan) return [lo, hi];
  const mid = (lo + hi) / 2;
  let a = mid - minSpan / 2;
  let b = mid + minSpan / 2;
  if (clamp && b > clamp[1]) [a, b] = [a - (b - clamp[1]), clamp[1]];
  if (clamp && a < clamp[0]) [a, b] = [clamp[0], b + (clamp[0] - a)];
  return [a, b];
}

/** An axis range exactly [lo, hi] with nice ticks inside it. */
export function fixedRange(lo: number, hi: number, maxTicks = 6, integer = false): AxisRange {
  const step = niceStep(hi - lo, maxTicks, integer);
  return { lo, hi, step, ticks: ticksInRange(lo, hi, step) };
}
