// A hyperparameter sweep at a glance: one panel per parameter that varies, validation accuracy
// of each trial against that parameter's value; failed trials as crosses on the bottom edge.
import { Canvas, type Rect } from './canvas.js';
import { textHeight } from './font.js';
import {
  drawAxes, drawLegend, drawTitle, legendHeight, legendWidth, plotArea, sizes, toPxX, toPxY,
  type Axis, type LegendEntry, type Sizes,
} from './frame.js';
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

/** Draws the chart on a new canvas. */
export function sweepChartCanvas(trials: readonly SweepTrial[], options: SweepChartOptions = {}): Canvas {
  const s = sizes(options.dpr ?? 2);
  const keys: (string | null)[] = varyingParams(trials);
  if (keys.length === 0) keys.push(null);
  const perRow = Math.min(3, keys.length);
  const panelW = Math.round(300 * s.dpr);
  const panelH = Math.round(300 * s.dpr);
  const failed = trials.filter((t) => !isOk(t)).length;
  const title = options.title ?? `Sweep: ${trials.length} trials${failed > 0 ? `, ${failed} failed` : ''}`;
  const okAcc = trials.filter(isOk).map((t) => t.valAcc as number);
  const bestAcc = okAcc.length > 0 ? Math.max(...okAcc) : null;
  const entries: LegendEntry[] = [{ name: 'validation accuracy', color: OK, marker: 'circle' }];
  if (bestAcc !== null) entries.push({ name: `best ${(bestAcc * 100).toFixed(2)}%`, color: BEST, marker: 'diamond' });
  if (failed > 0) entries.push({ name: 'failed', color: FAILED, marker: 'cross' });
  const width = Math.max(perRow * panelW, Math.round(360 * s.dpr));
  const top = s.pad + textHeight(s.title) + s.gap + legendHeight(entries, width - 2 * s.pad, s) + s.gap;
  const canvas = new Canvas(width, top + Math.ceil(keys.length / perRow) * panelH);
  drawTitle(canvas, { x: 0, y: s.pad, w: width, h: 0 }, title, s);
  const legendX = Math.max(s.pad, Math.round((width - legendWidth(entries, s)) / 2));
  drawLegend(canvas, entries, legendX, s.pad + textHeight(s.title) + s.gap, width - legendX - s.pad, s);
  const y = okAcc.length > 0 ? autoRange(okAcc, { clamp: [0, 1] }) : fixedRange(0, 1);
  const yAxis: Axis = { lo: y.lo, hi: y.hi, ticks: y.ticks.map((v) => ({ value: v, label: formatTick(v, y.step) })) };
  keys.forEach((key, i) => {
    const box = { x: (i % perRow) * panelW, y: top + Math.floor(i / perRow) * panelH, w: panelW, h: panelH };
    drawPanel(canvas, box, placeTrials(key, trials), i % perRow === 0 ? { ...yAxis, title: 'validation accuracy' } : yAxis, trials, bestAcc, s);
  });
  return canvas;
}

function drawPanel(
  canvas: Canvas, box: Rect, place: XPlacement, y: Axis, trials: readonly SweepTrial[], bestAcc: number | null, s: Sizes,
): void {
  const plot = plotArea(box, place.axis, y, s);
  drawAxes(canvas, plot, place.axis, y, s);
  trials.forEach((t, k) => {
    const px = toPxX(plot, place.axis, place.xs[k] ?? 0);
    if (!isOk(t)) {
      canvas.marker(px, plot.y + plot.h - s.marker, 'cross', s.marker * 1.2, FAILED);
      return;
    }
    const best = t.valAcc === bestAcc;
    canvas.marker(px, toPxY(plot, y, t.valAcc as number), best ? 'diamond' : 'circle', best ? s.marker * 1.6 : s.marker * 1.2, best ? BEST : OK);
  });
}

/** Renders the sweep chart to PNG bytes. */
export function sweepChart(trials: readonly SweepTrial[], options: SweepChartOptions = {}): Uint8Array {
  return sweepChartCanvas(trials, options).toPng();
}
