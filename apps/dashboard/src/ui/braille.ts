/**
 * Two series on one braille chart, each in its own colour. viz's brailleChart draws any number
 * of series in one colour; here each series is drawn alone on the same scale and the cells are
 * merged: a cell's dots are the union, its colour the series that owns its dots (the second
 * series wins a shared cell, so the test curve stays visible where it crosses train).
 */
import { brailleChart } from '@mnist-ts/viz';

export interface Segment {
  text: string;
  /** Index of the series that owns these cells, or -1 for empty cells. */
  series: number;
}

const BLANK = 0x2800;

/** Lines of coloured segments, each line exactly `width` cells. */
export function twoSeriesChart(
  series: readonly (readonly number[])[],
  options: { width: number; height: number; min: number; max: number },
): Segment[][] {
  const drawn = series.map((s) => brailleChart([s], options));
  return Array.from({ length: options.height }, (_, r) => {
    const segments: Segment[] = [];
    for (let c = 0; c < options.width; c++) {
      let bits = 0;
      let owner = -1;
      drawn.forEach((lines, k) => {
        const b = (lines[r]?.charCodeAt(c) ?? BLANK) - BLANK;
        if (b > 0) owner = k;
        bits |= b;
      });
      const ch = String.fromCharCode(BLANK + bits);
      const last = segments[segments.length - 1];
      if (last && last.series === owner) last.text += ch;
      else segments.push({ text: ch, series: owner });
    }
    return segments;
  });
}

/** A y range with a little headroom that always has some height. */
export function chartRange(values: readonly number[], floor?: number, ceil?: number): { min: number; max: number } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 1 };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.05, Math.abs(hi) * 1e-3, 1e-6);
  lo -= pad;
  hi += pad;
  if (floor !== undefined) lo = Math.max(floor, lo);
  if (ceil !== undefined) hi = Math.min(ceil, hi);
  return { min: lo, max: hi };
}
