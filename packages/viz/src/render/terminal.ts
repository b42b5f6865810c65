// Text renderers for the terminal dashboard: sparklines, braille line charts and half-block heat
// maps (256-colour ANSI, or plain ASCII shades when colour is off).
import { diverging, type Rgba } from './color.js';

const BARS = '▁▂▃▄▅▆▇█';
const SHADES = ' .:-=+*#%@';

function finiteRange(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Means of `values` over `width` equal buckets (NaN where a bucket has no finite value). */
function bucketMeans(values: readonly number[], width: number): number[] {
  const n = values.length;
  return Array.from({ length: width }, (_, c) => {
    let sum = 0;
    let k = 0;
    for (let i = Math.floor((c * n) / width); i < Math.floor(((c + 1) * n) / width); i++) {
      const v = values[i] ?? Number.NaN;
      if (Number.isFinite(v)) { sum += v; k++; }
    }
    return k > 0 ? sum / k : Number.NaN;
  });
}

/**
 * Exactly `width` characters: one bar per value (bucket means when there are more values than
 * columns), lowest ▁ to highest █, a space for NaN, right-padded with spaces when short. A
 * constant series draws at mid height. `min`/`max` fix the scale.
 */
export function sparkline(values: readonly number[], width: number, options: { min?: number; max?: number } = {}): string {
  if (width <= 0) return '';
  const cols = values.length > width ? bucketMeans(values, width) : [...values];
  const [lo0, hi0] = finiteRange(cols) ?? [0, 0];
  const lo = options.min ?? lo0;
  const hi = options.max ?? hi0;
  const bars = cols.map((v) => {
    if (!Number.isFinite(v)) return ' ';
    const level = hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)) : 3;
    return BARS[Math.min(BARS.length - 1, Math.max(0, level))] ?? ' ';
  });
  return bars.join('').padEnd(width, ' ');
}

/** Bit of braille dot (dx, dy) in its 2 x 4 cell (Unicode braille numbering). */
const BRAILLE_BIT = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

export interface BrailleOptions {
  /** Size in characters; each character holds 2 x 4 dots. */
  width: number;
  height: number;
  min?: number;
  max?: number;
}

/**
 * Series drawn as connected dots over `width` x `height` braille characters (U+2800 block), all
 * sharing one y scale; each series is stretched over the full width; NaN breaks the line.
 * Returns `height` lines of exactly `width` characters.
 */
export function brailleChart(series: readonly (readonly number[])[], options: BrailleOptions): string[] {
  const w = Math.max(0, Math.floor(options.width));
  const h = Math.max(0, Math.floor(options.height));
  const dotsW = 2 * w;
  const dotsH = 4 * h;
  const cells = new Uint8Array(w * h);
  const [lo0, hi0] = finiteRange(series.flat()) ?? [0, 1];
  const lo = options.min ?? lo0;
  const hi = options.max ?? hi0;
  const dot = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= dotsW || y >= dotsH) return;
    const i = Math.floor(y / 4) * w + Math.floor(x / 2);
    cells[i] = (cells[i] ?? 0) | (BRAILLE_BIT[x % 2]?.[y % 4] ?? 0);
  };
  const toY = (v: number) =>
    hi > lo ? Math.round(((hi - Math.min(hi, Math.max(lo, v))) / (hi - lo)) * (dotsH - 1)) : Math.floor(dotsH / 2);
  for (const s of series) {
    const toX = (i: number) => (s.length <= 1 ? 0 : Math.round((i * (dotsW - 1)) / (s.length - 1)));
    s.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const prev = s[i - 1];
      if (i > 0 && prev !== undefined && Number.isFinite(prev)) segment(toX(i - 1), toY(prev), toX(i), toY(v), dot);
      else dot(toX(i), toY(v));
    });
  }
  return Array.from({ length: h }, (_, r) =>
    Array.from(cells.subarray(r * w, (r + 1) * w), (bits) => String.fromCharCode(0x2800 + bits)).join(''));
}

/** Bresenham between two dots. */
function segment(x0: number, y0: number, x1: number, y1: number, dot: (x: number, y: number) => void): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (let x = x0, y = y0; ; ) {
    dot(x, y);
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) { err += dy; x += sx; }
    if (e2 <= dx) { err += dx; y += sy; }
  }
}

/** The nearest colour of xterm's 6 x 6 x 6 colour cube (indices 16..231). */
export function ansi256(c: Rgba): number {
  const q = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.min(5, Math.round((v - 35) / 40)));
  return 16 + 36 * q(c[0]) + 6 * q(c[1]) + q(c[2]);
}

export interface HeatmapOptions {
  /** 256-colour ANSI half blocks (true) or plain ASCII shades (false). */
  color: boolean;
  /** Value that maps to full colour (default: the largest |value|). */
  max?: number;
}

/**
 * A rows x cols matrix (row-major) as ceil(rows / 2) lines of `cols` characters. With colour each
 * character is '▀' whose foreground is row 2r and background row 2r + 1, on the diverging map
 * scaled symmetrically by `max`. Without colour, one ASCII shade per pair of rows, by mean |value|
 * / max (sign cannot show in a shade, so darker means stronger of either sign).
 */
export function heatmapHalfBlock(
  values: Float32Array | readonly number[], rows: number, cols: number, options: HeatmapOptions,
): string[] {
  if (values.length !== rows * cols) {
    throw new Error(`heatmapHalfBlock: expected ${rows}x${cols} = ${rows * cols} values, got ${values.length}`);
  }
  let limit = options.max ?? 0;
  if (options.max === undefined) for (const v of values) if (Math.abs(v) > limit) limit = Math.abs(v);
  const at = (r: number, c: number) => values[r * cols + c] ?? Number.NaN;
  const scaled = (v: number) => (limit > 0 ? v / limit : 0);
  return Array.from({ length: Math.ceil(rows / 2) }, (_, line) => {
    const top = 2 * line;
    const hasBottom = top + 1 < rows;
    let out = '';
    for (let c = 0; c < cols; c++) {
      if (options.color) {
        const fg = ansi256(diverging(scaled(at(top, c))));
        const bg = hasBottom ? `48;5;${ansi256(diverging(scaled(at(top + 1, c))))}` : '49';
        out += `\x1b[38;5;${fg};${bg}m▀`;
      } else {
        const m = hasBottom ? (Math.abs(at(top, c)) + Math.abs(at(top + 1, c))) / 2 : Math.abs(at(top, c));
        const t = Math.min(1, Math.max(0, scaled(m)));
        out += SHADES[Number.isFinite(t) ? Math.round(t * (SHADES.length - 1)) : 0];
      }
    }
    return options.color ? `${out}\x1b[0m` : out;
  });
}
