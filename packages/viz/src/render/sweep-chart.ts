// A hyperparameter sweep at a glance: one panel per parameter that varies, validation accuracy
// of each trial against that parameter's value; failed trials as crosses on the bottom edge.
// One SVG description: the report inlines it, sweep.png is the same text rasterised.
import type { Rect } from './canvas.js';
import { el, esc, num, svgDocument, svgToPng } from './svg.js';
import { autoRange, fixedRange, formatShort, formatTick, formatValue } from './ticks.js';

export interface SweepTrial {
  params: Record<string, number | string>;
  /** Best validation accuracy, a fraction; null when the trial failed or has not finished. */
  valAcc: number | null;
  testAcc?: number | null;
  status: 'ok' | 'failed';
}

export interface SweepChartOptions {
  title?: string;
  /** Device-pixel ratio (default 2). */
  dpr?: number;
}

/** An axis with its ticks already labelled (categories or numbers). */
interface Axis {
  lo: number;
  hi: number;
  ticks: { value: number; label: string }[];
  title?: string;
}

const OK = '#1f77b4';
const BEST = '#ff7f0e';
const FAILED = '#d62728';
/** Above this many distinct numeric values an axis is continuous rather than one slot per value. */
const MAX_CATEGORIES = 8;

/** Where each trial sits on one parameter's x axis. */
interface XPlacement {
  axis: Axis;
  xs: number[];
}

/** Keys whose value differs between trials, in first-seen order; none -> the trial number. */
export function varyingParams(trials: readonly SweepTrial[]): string[] {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return keys.filter((k) => new Set(trials.map((t) => String(t.params[k]))).size > 1);
}

function categorical(key: string, values: readonly (number | string | undefined)[]): XPlacement {
  const labelOf = (v: number | string | undefined) => (v === undefined ? '-' : typeof v === 'number' ? formatValue(v) : v);
  const distinct = [...new Set(values)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : labelOf(a).localeCompare(labelOf(b)));
  const slot = new Map(distinct.map((v, i) => [v, i]));
  const every = Math.ceil(distinct.length / MAX_CATEGORIES);
  const ticks = distinct.map((v, i) => ({ value: i, label: i % every === 0 ? labelOf(v) : '' }));
  // Trials sharing a slot are spread sideways so their dots do not hide each other.
  const seen = new Map<number, number>();
  const counts = new Map<number, number>();
  values.forEach((v) => { const i = slot.get(v) ?? 0; counts.set(i, (counts.get(i) ?? 0) + 1); });
  const xs = values.map((v) => {
    const i = slot.get(v) ?? 0;
    const k = seen.get(i) ?? 0;
    seen.set(i, k + 1);
    const c = counts.get(i) ?? 1;
    return c > 1 ? i + (k / (c - 1) - 0.5) * 0.5 : i;
  });
  return { axis: { lo: -0.6, hi: distinct.length - 0.4, ticks, title: key }, xs };
}

/**
 * A continuous axis over the data (5% padding each side); log10 when all values are positive and
 * span 20x or more, with ticks at whole powers of ten when at least two fall inside.
 */
function continuous(key: string, values: readonly number[]): XPlacement {
  const log = Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 20;
  const xs = values.map((v) => (log ? Math.log10(v) : v));
  const pad = 0.05 * (Math.max(...xs) - Math.min(...xs));
  const lo = Math.min(...xs) - pad;
  const hi = Math.max(...xs) + pad;
  const r = fixedRange(lo, hi, 5);
  const decades = r.ticks.filter((t) => Number.isInteger(t));
  const ticks = log && decades.length >= 2
    ? decades.map((t) => ({ value: t, label: formatValue(10 ** t) }))
    : r.ticks.map((t) => ({ value: t, label: log ? formatShort(10 ** t) : formatTick(t, r.step) }));
  return { axis: { lo, hi, ticks, title: log ? `${key} (log)` : key }, xs };
}

function placeTrials(key: string | null, trials: readonly SweepTrial[]): XPlacement {
  if (key === null) return categorical('trial', trials.map((_, i) => i + 1));
  const values = trials.map((t) => t.params[key]);
  const numeric = values.every((v): v is number => typeof v === 'number');
  return numeric && new Set(values).size > MAX_CATEGORIES ? continuous(key, values) : categorical(key, values);
}

const isOk = (t: SweepTrial) => t.status === 'ok' && t.valAcc !== null && Number.isFinite(t.valAcc);

type Marker = 'circle' | 'diamond' | 'cross';

/** A marker of `size` CSS pixels centred at (x, y). */
function marker(shape: Marker, x: number, y: number, size: number, color: string): string {
  const r = size / 2;
  if (shape === 'circle') return el('circle', { cx: x, cy: y, r, fill: color });
  if (shape === 'diamond') return el('polygon', { points: [[x, y - r], [x + r, y], [x, y + r], [x - r, y]].map((p) => p.map(num).join(',')).join(' '), fill: color });
  return el('path', { d: `M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}M${num(x + r)} ${num(y - r)}L${num(x - r)} ${num(y + r)}`, stroke: color, 'stroke-width': 2 });
}

/** One panel: grid, ticks, axis titles and a marker per trial. */
function panelSvg(box: Rect, place: XPlacement, y: Axis, trials: readonly SweepTrial[], bestAcc: number | null): string {
  const plot = { x: box.x + (y.title ? 62 : 46), y: box.y + 8, w: 0, h: box.h - 56 };
  plot.w = box.x + box.w - 12 - plot.x;
  const px = (v: number) => plot.x + ((v - place.axis.lo) / (place.axis.hi - place.axis.lo)) * plot.w;
  const py = (v: number) => plot.y + plot.h - ((v - y.lo) / (y.hi - y.lo)) * plot.h;
  const parts = [
    ...y.ticks.map((t) => el('line', { x1: plot.x, x2: plot.x + plot.w, y1: py(t.value), y2: py(t.value), stroke: '#e6e6e6' }) +
      el('text', { x: plot.x - 6, y: py(t.value) + 4, 'text-anchor': 'end', fill: '#666666' }, esc(t.label))),
    ...place.axis.ticks.map((t) => el('line', { x1: px(t.value), x2: px(t.value), y1: plot.y + plot.h, y2: plot.y + plot.h + 4, stroke: '#666666' }) +
      el('text', { x: px(t.value), y: plot.y + plot.h + 17, 'text-anchor': 'middle', fill: '#666666' }, esc(t.label))),
    el('rect', { x: plot.x, y: plot.y, width: plot.w, height: plot.h, fill: 'none', stroke: '#bbbbbb' }),
    el('text', { x: plot.x + plot.w / 2, y: plot.y + plot.h + 36, 'text-anchor': 'middle', fill: '#222222' }, esc(place.axis.title ?? '')),
  ];
  if (y.title) {
    const cy = plot.y + plot.h / 2;
    parts.push(el('text', { x: box.x + 14, y: cy, 'text-anchor': 'middle', fill: '#222222', transform: `rotate(-90 ${num(box.x + 14)} ${num(cy)})` }, esc(y.title)));
  }
  trials.forEach((t, k) => {
    const x = px(place.xs[k] ?? 0);
    if (!isOk(t)) {
      parts.push(marker('cross', x, plot.y + plot.h - 6, 8, FAILED));
      return;
    }
    const best = t.valAcc === bestAcc;
    parts.push(marker(best ? 'diamond' : 'circle', x, py(t.valAcc as number), best ? 13 : 8, best ? BEST : OK));
  });
  return parts.join('');
}

/** The legend: one entry per kind of marker, centred in `width`. */
function legendSvg(entries: readonly [string, string, Marker][], width: number, y: number): string {
  const widthOf = (name: string) => 24 + name.length * 7 + 16;
  let x = (width - entries.reduce((s, [name]) => s + widthOf(name), 0)) / 2;
  return entries.map(([name, color, shape]) => {
    const out = marker(shape, x + 8, y, shape === 'diamond' ? 12 : 8, color) + el('text', { x: x + 22, y: y + 4, fill: '#222222' }, esc(name));
    x += widthOf(name);
    return out;
  }).join('');
}

/** The chart as an SVG document: panels of 300x300 CSS pixels, up to three in a row. */
export function sweepChartSvg(trials: readonly SweepTrial[], options: Omit<SweepChartOptions, 'dpr'> = {}): string {
  const keys: (string | null)[] = varyingParams(trials);
  if (keys.length === 0) keys.push(null);
  const perRow = Math.min(3, keys.length);
  const PANEL = 300;
  const failed = trials.filter((t) => !isOk(t)).length;
  const title = options.title ?? `Sweep: ${trials.length} trials${failed > 0 ? `, ${failed} failed` : ''}`;
  const okAcc = trials.filter(isOk).map((t) => t.valAcc as number);
  const bestAcc = okAcc.length > 0 ? Math.max(...okAcc) : null;
  const entries: [string, string, Marker][] = [['Validation accuracy', OK, 'circle']];
  if (bestAcc !== null) entries.push([`Best ${(bestAcc * 100).toFixed(2)}%`, BEST, 'diamond']);
  if (failed > 0) entries.push(['Failed', FAILED, 'cross']);
  const width = Math.max(perRow * PANEL, 360);
  const top = 62;
  const height = top + Math.ceil(keys.length / perRow) * PANEL;
  const y = okAcc.length > 0 ? autoRange(okAcc, { clamp: [0, 1] }) : fixedRange(0, 1);
  const yAxis: Axis = { lo: y.lo, hi: y.hi, ticks: y.ticks.map((v) => ({ value: v, label: `${formatTick(v * 100, y.step * 100)}%` })) };
  const panels = keys.map((key, i) => {
    const box = { x: (i % perRow) * PANEL, y: top + Math.floor(i / perRow) * PANEL, w: PANEL, h: PANEL };
    return panelSvg(box, placeTrials(key, trials), i % perRow === 0 ? { ...yAxis, title: 'Validation accuracy' } : yAxis, trials, bestAcc);
  });
  const head = el('text', { x: width / 2, y: 24, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold', fill: '#222222' }, esc(title));
  return svgDocument(width, height, head + legendSvg(entries, width, 46) + panels.join(''), { 'data-chart': 'sweep' });
}

/** Renders the sweep chart to PNG bytes: `sweepChartSvg` rasterised at `dpr` (default 2). */
export function sweepChart(trials: readonly SweepTrial[], options: SweepChartOptions = {}): Uint8Array {
  return svgToPng(sweepChartSvg(trials, options), { dpr: options.dpr ?? 2 });
}
