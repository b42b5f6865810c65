// Line charts as SVG: axes with nice ticks, axis titles, a legend under the title, gaps at
// NaN/null. `lineChartSvg` is the description; `lineChart` rasterises the same text to PNG.
// The SVG carries what a page needs to make it interactive: each series and its legend entry
// sit in a <g data-series="id">, and the root names its plot box and axis ranges in data-*.
import type { Rect } from './canvas.js';
import { PALETTE, type Color } from './color.js';
import { cssColor, el, esc, num, svgDocument, svgToPng } from './svg.js';
import { autoRange, fixedRange, formatTick, type AxisRange } from './ticks.js';

/** y values at x = xStart, xStart + 1, ... or explicit points; null or NaN leaves a gap. */
export type SeriesValues = readonly (number | null)[] | readonly { x: number; y: number | null }[];

export interface Series {
  name: string;
  values: SeriesValues;
  /** A stable key for the page's toggles (data-series); defaults to the series' index. */
  id?: string;
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
  /** Tick labels of y as percentages (for fractions 0..1). */
  yPercent?: boolean;
  /** The x of values[0] when values is a plain array (default 0). */
  xStart?: number;
  /** Size in CSS pixels (default 640 x 400); the PNG is dpr times larger. */
  width?: number;
  height?: number;
  /** Device-pixel ratio of the PNG (default 2). */
  dpr?: number;
  /** Draw a marker at every point: 'auto' (default) does so for series of at most 20 points. */
  markers?: boolean | 'auto';
  /** Names the chart for a page's script (data-chart). */
  chartId?: string;
}

interface Point {
  x: number;
  y: number;
}

const INK = '#222222';
const MUTED = '#666666';
const GRID = '#e6e6e6';
/** Average advance of DejaVu Sans at 12 px, to lay out the legend without measuring text. */
const CHAR_WIDTH = 7;

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

interface Entry {
  id: string;
  name: string;
  color: string;
  dashed: boolean;
}

/** Legend entries in rows that fit `width`, centred; returns the SVG and the height used. */
function legend(entries: readonly Entry[], width: number, top: number): { svg: string; height: number } {
  const ROW = 18;
  const widthOf = (e: Entry) => 28 + e.name.length * CHAR_WIDTH + 16;
  const rows: Entry[][] = [];
  for (const e of entries) {
    const row = rows[rows.length - 1];
    if (row && row.reduce((s, r) => s + widthOf(r), 0) + widthOf(e) <= width) row.push(e);
    else rows.push([e]);
  }
  const svg = rows.map((row, r) => {
    let x = (width - row.reduce((s, e) => s + widthOf(e), 0)) / 2;
    const y = top + r * ROW + ROW / 2;
    return row.map((e) => {
      const swatch = el('line', { x1: x, y1: y, x2: x + 22, y2: y, stroke: e.color, 'stroke-width': 2.5, 'stroke-dasharray': e.dashed ? '5 3' : undefined });
      const label = el('text', { x: x + 28, y: y + 4, fill: INK }, esc(e.name));
      x += widthOf(e);
      return el('g', { 'data-series': e.id, class: 'legend-entry' }, swatch + label);
    }).join('');
  }).join('');
  return { svg, height: rows.length * ROW };
}

/** Grid lines, tick labels and axis titles around the plot box. */
function axes(plot: Rect, x: AxisRange, y: AxisRange, o: LineChartOptions): string {
  const px = (v: number) => plot.x + ((v - x.lo) / (x.hi - x.lo)) * plot.w;
  const py = (v: number) => plot.y + plot.h - ((v - y.lo) / (y.hi - y.lo)) * plot.h;
  const yLabel = (v: number) => (o.yPercent ? `${formatTick(v * 100, y.step * 100)}%` : formatTick(v, y.step));
  const parts = [
    ...y.ticks.map((v) => el('line', { x1: plot.x, x2: plot.x + plot.w, y1: py(v), y2: py(v), stroke: GRID }) +
      el('text', { x: plot.x - 6, y: py(v) + 4, 'text-anchor': 'end', fill: MUTED }, yLabel(v))),
    ...x.ticks.map((v) => el('line', { x1: px(v), x2: px(v), y1: plot.y + plot.h, y2: plot.y + plot.h + 4, stroke: MUTED }) +
      el('text', { x: px(v), y: plot.y + plot.h + 17, 'text-anchor': 'middle', fill: MUTED }, formatTick(v, x.step))),
    el('rect', { x: plot.x, y: plot.y, width: plot.w, height: plot.h, fill: 'none', stroke: '#bbbbbb' }),
  ];
  if (o.xLabel) parts.push(el('text', { x: plot.x + plot.w / 2, y: plot.y + plot.h + 36, 'text-anchor': 'middle', fill: INK }, esc(o.xLabel)));
  if (o.yLabel) {
    const cy = plot.y + plot.h / 2;
    parts.push(el('text', { x: 16, y: cy, 'text-anchor': 'middle', fill: INK, transform: `rotate(-90 16 ${num(cy)})` }, esc(o.yLabel)));
  }
  return parts.join('');
}

/** One series: a polyline per run of finite points, markers when asked, clipped to the plot. */
function seriesSvg(points: readonly Point[], e: Entry, every: boolean, map: (p: Point) => [number, number], clipId: string): string {
  const runs = finiteRuns(points);
  const lines = runs.filter((r) => r.length > 1).map((r) => el('polyline', {
    points: r.map((p) => map(p).map(num).join(',')).join(' '), fill: 'none', stroke: e.color, 'stroke-width': 2,
    'stroke-linejoin': 'round', 'stroke-dasharray': e.dashed ? '6 4' : undefined,
  }));
  // A lone point has no line to show it, so it always gets a marker.
  const dots = runs.flatMap((r) => (every || r.length === 1 ? r : [])).map((p) => {
    const [cx, cy] = map(p);
    return el('circle', { cx, cy, r: 3, fill: e.color });
  });
  return el('g', { 'data-series': e.id, 'clip-path': `url(#${clipId})` }, lines.join('') + dots.join(''));
}

/** The chart as an SVG document (width x height CSS pixels). */
export function lineChartSvg(o: LineChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 400;
  const entries: Entry[] = o.series.map((s, i) => ({
    id: s.id ?? String(i), name: s.name, color: cssColor(s.color ?? PALETTE[i % PALETTE.length] ?? '#000000'), dashed: s.dashed ?? false,
  }));
  let top = 10;
  const title = o.title ? el('text', { x: W / 2, y: top + 14, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold', fill: INK }, esc(o.title)) : '';
  if (o.title) top += 24;
  const leg = legend(entries, W - 20, top);
  top += leg.height + (leg.height > 0 ? 8 : 0);
  const plot: Rect = { x: o.yLabel ? 70 : 52, y: top, w: 0, h: 0 };
  plot.w = W - plot.x - 16;
  plot.h = H - top - (o.xLabel ? 48 : 28);
  const pts = o.series.map((s) => seriesPoints(s.values, o.xStart ?? 0));
  const all = pts.flat();
  const x = xRange(all, Math.max(2, Math.floor(W / 70)));
  const y = yRange(o, all, Math.max(2, Math.floor(H / 45)));
  const map = (p: Point): [number, number] => [
    plot.x + ((p.x - x.lo) / (x.hi - x.lo)) * plot.w, plot.y + plot.h - ((p.y - y.lo) / (y.hi - y.lo)) * plot.h,
  ];
  const every = o.markers === true || ((o.markers ?? 'auto') === 'auto' && all.length <= 20 * Math.max(1, o.series.length));
  // ids are page-wide once the SVG is inlined: one per chart
  const clipId = `clip-${o.chartId ?? 'plot'}`;
  const clip = el('defs', {}, el('clipPath', { id: clipId }, el('rect', { x: plot.x - 4, y: plot.y - 4, width: plot.w + 8, height: plot.h + 8 })));
  const empty = all.some((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    ? '' : el('text', { x: plot.x + plot.w / 2, y: plot.y + plot.h / 2, 'text-anchor': 'middle', fill: MUTED }, 'no data');
  const body = clip + title + leg.svg + axes(plot, x, y, o) + empty + o.series.map((_, i) => seriesSvg(pts[i] ?? [], entries[i]!, every, map, clipId)).join('');
  return svgDocument(W, H, body, {
    'data-chart': o.chartId, 'data-plot': [plot.x, plot.y, plot.w, plot.h].map(num).join(' '),
    'data-x': `${x.lo} ${x.hi}`, 'data-y': `${y.lo} ${y.hi}`,
  });
}

/** Renders a line chart to PNG bytes: `lineChartSvg` rasterised at `dpr` (default 2). */
export function lineChart(o: LineChartOptions): Uint8Array {
  return svgToPng(lineChartSvg(o), { dpr: o.dpr ?? 2 });
}
