// Shared furniture of the pixel figures (weight grids, digit grids): sizes per device-pixel ratio,
// the title and the ink colours. The charts are SVG (line-chart.ts, sweep-chart.ts, ...).
import type { Canvas, Rect } from './canvas.js';
import { textHeight, textWidth } from './font.js';

export const INK = '#222222';
export const MUTED = '#666666';

/** Pixel sizes for one device-pixel ratio: text scales are whole numbers (bitmap font). */
export interface Sizes {
  dpr: number;
  text: number;
  title: number;
  pad: number;
  gap: number;
}

export function sizes(dpr = 2): Sizes {
  const d = Math.max(0.5, dpr);
  return {
    dpr: d,
    text: Math.max(1, Math.round(d)),
    title: Math.max(2, Math.round(d * 1.5)),
    pad: Math.round(10 * d),
    gap: Math.round(5 * d),
  };
}

/** Draws `title` centred at the top of `box`; returns the height used (0 without a title). */
export function drawTitle(canvas: Canvas, box: Rect, title: string | undefined, s: Sizes): number {
  if (title === undefined || title === '') return 0;
  const w = textWidth(title, s.title);
  canvas.text(box.x + Math.max(0, (box.w - w) / 2), box.y, title, INK, s.title);
  return textHeight(s.title) + s.gap;
}
