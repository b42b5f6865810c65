// Shared chart furniture: sizes per device-pixel ratio, the title, a wrapping legend, and axes
// with grid lines, tick labels and axis titles. Line charts and the sweep chart draw on this.
import type { Canvas, MarkerShape, Rect } from './canvas.js';
import type { Color } from './color.js';
import { textHeight, textWidth } from './font.js';

export const INK = '#222222';
export const MUTED = '#666666';
export const GRID = '#e6e6e6';

/** Pixel sizes for one device-pixel ratio: text scales are whole numbers (bitmap font). */
export interface Sizes {
  dpr: number;
  text: number;
  title: number;
  pad: number;
  gap: number;
  tick: number;
  line: number;
  marker: number;
}

export function sizes(dpr = 2): Sizes {
  const d = Math.max(0.5, dpr);
  return {
    dpr: d,
    text: Math.max(1, Math.round(d)),
    title: Math.max(2, Math.round(d * 1.5)),
    pad: Math.round(10 * d),
    gap: Math.round(5 * d),
    tick: Math.round(4 * d),
    line: Math.max(1, Math.round(1.5 * d)),
    marker: Math.max(3, Math.round(5 * d)),
  };
}

/** Draws `title` centred at the top of `box`; returns the height used (0 without a title). */
export function drawTitle(canvas: Canvas, box: Rect, title: string | undefined, s: Sizes): number {
  if (title === undefined || title === '') return 0;
  const w = textWidth(title, s.title);
  canvas.text(box.x + Math.max(0, (box.w - w) / 2), box.y, title, INK, s.title);
  return textHeight(s.title) + s.gap;
}

export interface LegendEntry {
  name: string;
  color: Color;
  dashed?: boolean;
  /** Draw a marker instead of a line swatch. */
  marker?: MarkerShape;
}

/** Entries laid out left to right, wrapping at `maxWidth`: positions relative to the legend. */
function legendLayout(entries: readonly LegendEntry[], maxWidth: number, s: Sizes) {
  const swatch = Math.round(22 * s.dpr);
  const rowH = textHeight(s.text) + s.gap;
  const placed: { e: LegendEntry; x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  for (const e of entries) {
    const w = swatch + s.gap + textWidth(e.name, s.text);
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      y += rowH;
    }
    placed.push({ e, x, y });
    x += w + 3 * s.gap;
  }
  return { placed, swatch, height: entries.length === 0 ? 0 : y + rowH };
}

/** Width of the legend on one row, to centre it (a wrapped legend starts at the left). */
export function legendWidth(entries: readonly LegendEntry[], s: Sizes): number {
  const swatch = Math.round(22 * s.dpr);
  return entries.reduce((w, e, i) => w + (i > 0 ? 3 * s.gap : 0) + swatch + s.gap + textWidth(e.name, s.text), 0);
}

/** Height a legend of `entries` needs within `maxWidth`. */
export function legendHeight(entries: readonly LegendEntry[], maxWidth: number, s: Sizes): number {
  return legendLayout(entries, maxWidth, s).height;
}

/** Draws the legend with its top-left at (x, y); returns its height. */
export function drawLegend(canvas: Canvas, entries: readonly LegendEntry[], x: number, y: number, maxWidth: number, s: Sizes): number {
  const { placed, swatch, height } = legendLayout(entries, maxWidth, s);
  const mid = Math.round(textHeight(s.text) * 0.4);
  for (const p of placed) {
    const x0 = x + p.x;
    const y0 = y + p.y;
    if (p.e.marker !== undefined) {
      canvas.marker(x0 + swatch / 2, y0 + mid, p.e.marker, s.marker * 1.2, p.e.color);
    } else {
      const dash = p.e.dashed ? dashPattern(s) : undefined;
      canvas.line(x0, y0 + mid, x0 + swatch, y0 + mid, p.e.color, { thickness: s.line, ...(dash ? { dash } : {}) });
    }
    canvas.text(x0 + swatch + s.gap, y0, p.e.name, INK, s.text);
  }
  return height;
}

export function dashPattern(s: Sizes): [number, number] {
  return [Math.round(6 * s.dpr), Math.round(4 * s.dpr)];
}

/** One axis: its data range, the ticks to draw (value and label) and its title. */
export interface Axis {
  lo: number;
  hi: number;
  ticks: readonly { value: number; label: string }[];
  title?: string;
}

/** The plot area left inside `box` once tick labels and axis titles have their room. */
export function plotArea(box: Rect, x: Axis, y: Axis, s: Sizes): Rect {
  const th = textHeight(s.text);
  const yLabelW = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, s.text)));
  const left = s.pad + (y.title ? th + s.gap : 0) + yLabelW + s.gap + s.tick;
  const lastX = x.ticks[x.ticks.length - 1];
  const right = Math.max(s.pad, lastX ? textWidth(lastX.label, s.text) / 2 + s.gap : 0);
  const bottom = s.tick + s.gap + th + (x.title ? s.gap + th : 0) + s.pad;
  const top = Math.round(th / 2);
  return { x: box.x + left, y: box.y + top, w: Math.max(10, box.w - left - right), h: Math.max(10, box.h - top - bottom) };
}

export function toPxX(plot: Rect, axis: Axis, v: number): number {
  const span = axis.hi - axis.lo || 1;
  return plot.x + ((v - axis.lo) / span) * (plot.w - 1);
}

export function toPxY(plot: Rect, axis: Axis, v: number): number {
  const span = axis.hi - axis.lo || 1;
  return plot.y + plot.h - 1 - ((v - axis.lo) / span) * (plot.h - 1);
}

/** Grid lines, the two axis lines, tick marks, tick labels and axis titles around `plot`. */
export function drawAxes(canvas: Canvas, plot: Rect, x: Axis, y: Axis, s: Sizes): void {
  const th = textHeight(s.text);
  const bottom = plot.y + plot.h;
  for (const t of y.ticks) {
    const py = Math.round(toPxY(plot, y, t.value));
    canvas.fillRect(plot.x, py, plot.w, 1 * Math.max(1, Math.round(s.dpr / 2)), GRID);
    canvas.fillRect(plot.x - s.tick, py, s.tick, Math.max(1, Math.round(s.dpr / 2)), INK);
    const w = textWidth(t.label, s.text);
    canvas.text(plot.x - s.tick - s.gap - w, py - Math.round(th * 0.4), t.label, INK, s.text);
  }
  for (const t of x.ticks) {
    const px = Math.round(toPxX(plot, x, t.value));
    canvas.fillRect(px, plot.y, Math.max(1, Math.round(s.dpr / 2)), plot.h, GRID);
    canvas.fillRect(px, bottom, Math.max(1, Math.round(s.dpr / 2)), s.tick, INK);
    const w = textWidth(t.label, s.text);
    canvas.text(px - w / 2, bottom + s.tick + s.gap, t.label, INK, s.text);
  }
  const axisW = Math.max(1, Math.round(s.dpr));
  canvas.fillRect(plot.x - axisW, plot.y, axisW, plot.h + axisW, INK);
  canvas.fillRect(plot.x - axisW, bottom, plot.w + axisW, axisW, INK);
  if (x.title) {
    const w = textWidth(x.title, s.text);
    canvas.text(plot.x + (plot.w - w) / 2, bottom + s.tick + s.gap + th + s.gap, x.title, MUTED, s.text);
  }
  if (y.title) {
    const yLabelW = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, s.text)));
    const h = textWidth(y.title, s.text);
    const left = plot.x - s.tick - s.gap - yLabelW - s.gap - th;
    canvas.textVertical(left, plot.y + (plot.h - h) / 2, y.title, MUTED, s.text);
  }
}
