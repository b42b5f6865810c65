// Line charts: axes with nice ticks, axis titles, a legend under the title, gaps at NaN/null.
import { Canvas, type Rect } from './canvas.js';
import { PALETTE, type Color } from './color.js';
import { textHeight, textWidth } from './font.js';
import {
  MUTED, dashPattern, drawAxes, drawLegend, drawTitle, legendHeight, legendWidth, plotArea, sizes, toPxX, toPxY,
  type Axis, type LegendEntry, type Sizes,
} from './frame.js';
import { autoRange, fixedRange, formatTick, type AxisRange } from './ticks.js';

/** y values at x = xStart, xStart + 1, ... or explicit points; null or NaN leaves a gap. */
export type SeriesValues = readonly (number | null)[] | readonly { x: number; y: number | null }[];

export interface Series {
  name: string;
  values: SeriesValues;
  /** Defaults to the next colour of PALETTE. */
  color?: Color;
  dashed?: boolean;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: readonly Series[];
  /** 'auto' (default): padded around the data and widened to whole ticks; or exactly [lo, hi]. */
  yRange?: 'auto' | readonly [number, number];
  /** Bounds for an auto y range, e.g. [0, 1] for accuracies. */
  yClamp?: readonly [number, number];
  /** Smallest span of an auto y range (default 0), e.g. 0.02 so one epoch is not zoomed to 0.1%. */
  yMinSpan?: number;
  /** The x of values[0] when values is a plain array (default 0). */
  xStart?: number;
  /** Size in CSS pixels (default 640 x 400); the PNG is dpr times larger. */
  width?: number;
  height?: number;
  /** Device-pixel ratio (default 2). */
  dpr?: number;
  /** Draw a marker at every point: 'auto' (default) does so for series of at most 20 points. */
  markers?: boolean | 'auto';
}

interface Point {
  x: number;
  y: number;
}

/** A series as points; a non-finite x or y marks a gap. */
export function seriesPoints(values: SeriesValues, xStart = 0): Point[] {
  return values.map((v, i) =>
    typeof v === 'object' && v !== null
      ? { x: v.x, y: v.y ?? Number.NaN }
      : { x: xStart + i, y: v ?? Number.NaN },
  );
}

/** Consecutive runs of finite points: each run is drawn as one polyline. */
export function finiteRuns(points: readonly Point[]): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  for (const p of points) {
    if (Number.isFinite(p.x) && Number.isFinite(p.y)) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function toAxis(range: AxisRange, title: string | undefined): Axis {
  return {
    lo: range.lo,
    hi: range.hi,
    ticks: range.ticks.map((value) => ({ value, label: formatTick(value, range.step) })),
    ...(title === undefined ? {} : { title }),
  };
}

function xRange(all: readonly Point[], maxTicks: number): AxisRange {
  const xs = all.map((p) => p.x).filter(Number.isFinite);
  if (xs.length === 0) return fixedRange(0, 1, maxTicks);
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  return fixedRange(lo, hi, maxTicks, xs.every(Number.isInteger));
}

function yRange(o: LineChartOptions, all: readonly Point[], maxTicks: number): AxisRange {
  if (Array.isArray(o.yRange)) {
    const [lo, hi] = o.yRange as readonly [number, number];
    return fixedRange(lo, hi, maxTicks);
  }
  const ys = all.filter((p) => Number.isFinite(p.x)).map((p) => p.y);
  return autoRange(ys, { maxTicks, minSpan: o.yMinSpan ?? 0, ...(o.yClamp ? { clamp: o.yClamp } : {}) });
}

/** Draws the chart on a new canvas (for callers that compose figures). */
export function lineChartCanvas(o: LineChartOptions): Canvas {
  const s = sizes(o.dpr ?? 2);
  const cssW = o.width ?? 640;
  const cssH = o.height ?? 400;
  const canvas = new Canvas(Math.round(cssW * s.dpr), Math.round(cssH * s.dpr));
  const pts = o.series.map((se) => seriesPoints(se.values, o.xStart ?? 0));
  const colors = o.series.map((se, i) => se.color ?? PALETTE[i % PALETTE.length] ?? '#000000');
  const box: Rect = { x: 0, y: s.pad, w: canvas.width, h: canvas.height - s.pad };
  box.y += drawTitle(canvas, box, o.title, s);
  const entries: LegendEntry[] = o.series.map((se, i) => ({ name: se.name, color: colors[i] ?? '#000', dashed: se.dashed ?? false }));
  const legendW = canvas.width - 2 * s.pad;
  const lh = legendHeight(entries, legendW, s);
  drawLegend(canvas, entries, s.pad + Math.max(0, (legendW - legendWidth(entries, s)) / 2), box.y, legendW, s);
  box.y += lh + (lh > 0 ? s.gap : 0);
  box.h = canvas.height - box.y;
  const all = pts.flat();
  const x = toAxis(xRange(all, Math.max(2, Math.floor(cssW / 70))), o.xLabel);
  const y = toAxis(yRange(o, all, Math.max(2, Math.floor(cssH / 45))), o.yLabel);
  const plot = plotArea(box, x, y, s);
  drawAxes(canvas, plot, x, y, s);
  if (!all.some((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) {
    const msg = 'no data';
    canvas.text(plot.x + (plot.w - textWidth(msg, s.text)) / 2, plot.y + (plot.h - textHeight(s.text)) / 2, msg, MUTED, s.text);
  }
  o.series.forEach((se, i) => drawSeries(canvas, plot, x, y, pts[i] ?? [], colors[i] ?? '#000', se.dashed ?? false, o.markers ?? 'auto', s));
  canvas.clip = null;
  return canvas;
}

function drawSeries(
  canvas: Canvas, plot: Rect, x: Axis, y: Axis, points: readonly Point[], color: Color,
  dashed: boolean, markers: boolean | 'auto', s: Sizes,
): void {
  const runs = finiteRuns(points);
  const every = markers === true || (markers === 'auto' && points.length <= 20);
  const style = { thickness: s.line, ...(dashed ? { dash: dashPattern(s) } : {}) };
  // Curves stop at the plot's edge (plus half the pen); a marker on the edge is drawn whole.
  const grow = (m: number): Rect => ({ x: plot.x - m, y: plot.y - m, w: plot.w + 2 * m, h: plot.h + 2 * m });
  for (const run of runs) {
    const px = run.map((p) => [toPxX(plot, x, p.x), toPxY(plot, y, p.y)] as const);
    canvas.clip = grow(Math.floor(s.line / 2));
    if (run.length > 1) canvas.polyline(px, color, style);
    canvas.clip = grow(Math.ceil(s.marker / 2) + 1);
    // A lone point has no line to show it, so it always gets a marker.
    if (every || run.length === 1) for (const [a, b] of px) canvas.marker(a, b, 'circle', s.marker, color);
  }
  canvas.clip = null;
}

/** Renders a line chart to PNG bytes. */
export function lineChart(o: LineChartOptions): Uint8Array {
  return lineChartCanvas(o).toPng();
}
