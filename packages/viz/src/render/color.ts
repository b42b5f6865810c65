// Colours as RGBA tuples, a categorical palette and the colour maps used by every figure.

/** An opaque or translucent colour, channels 0..255. */
export type Rgba = readonly [number, number, number, number];
/** A colour as '#rrggbb', '#rrggbbaa' or an [r, g, b] / [r, g, b, a] tuple (channels 0..255). */
export type Color = string | readonly [number, number, number] | Rgba;

/** Ten distinguishable series colours (the Tableau 10 palette). */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/** Parses a `Color`; throws on a malformed hex string, naming it. */
export function parseColor(color: Color): Rgba {
  if (typeof color !== 'string') {
    const [r, g, b, a = 255] = color;
    return [r, g, b, a];
  }
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color);
  if (m === null) throw new Error(`colour "${color}": expected '#rrggbb' or '#rrggbbaa'`);
  const hex = m[1] ?? '000000';
  const alpha = m[2] === undefined ? 255 : parseInt(m[2], 16);
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16), alpha];
}

function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const k = Math.min(1, Math.max(0, t));
  return [
    Math.round(a[0] + (b[0] - a[0]) * k),
    Math.round(a[1] + (b[1] - a[1]) * k),
    Math.round(a[2] + (b[2] - a[2]) * k),
    255,
  ];
}

const BLUE: Rgba = [33, 102, 172, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [178, 24, 43, 255];
const NAN_GREY: Rgba = [200, 200, 200, 255];

/**
 * Diverging blue-white-red map for v in [-1, 1]: -1 blue, 0 white, +1 red; values outside are
 * clamped and NaN is grey. Callers divide by the largest |w| first (symmetric scaling), so zero is
 * always white and equal magnitudes of either sign are equally strong.
 */
export function diverging(v: number): Rgba {
  if (Number.isNaN(v)) return NAN_GREY;
  return v < 0 ? mix(WHITE, BLUE, -v) : mix(WHITE, RED, v);
}

/** Sequential white -> `to` map for t in [0, 1] (clamped). */
export function sequential(t: number, to: Color): Rgba {
  return mix(WHITE, parseColor(to), Number.isNaN(t) ? 0 : t);
}

/** Relative luminance 0..1 (sRGB weights, no gamma), to pick black or white text on a fill. */
export function luminance(c: Rgba): number {
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}
