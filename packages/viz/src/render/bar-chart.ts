// Horizontal bars as SVG, on an axis zoomed to the values (per-digit accuracies all sit between
// 97% and 100%: on a 0-100% axis they would look the same). The axis says where it starts, so a
// zoomed bar is never read as a whole one.
import { el, esc, svgDocument, svgToPng } from './svg.js';
import { fixedRange, formatTick, niceStep } from './ticks.js';

export interface BarChartOptions {
  title?: string;
  labels: readonly string[];
  values: readonly number[];
  /** Values are fractions shown as percentages. */
  percent?: boolean;
  /** Upper end of the axis (default: the largest value, widened to a whole tick). */
  max?: number;
  /** Index of a bar to mark (e.g. the weakest digit). */
  highlight?: number;
  width?: number;
  dpr?: number;
  chartId?: string;
}

/** The axis [lo, hi]: from a whole tick below the smallest value, never below 0. */
export function zoomedAxis(values: readonly number[], max?: number): { lo: number; hi: number; step: number; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  const vmin = Math.min(...finite), vmax = max ?? Math.max(...finite);
  const span = Math.max(vmax - vmin, Math.abs(vmax) * 1e-3, 1e-9);
  const step = niceStep(span * 1.3, 5);
  const lo = Math.max(0, Math.floor((vmin - span * 0.15) / step) * step);
  const hi = max ?? Math.ceil(vmax / step - 1e-9) * step;
  return fixedRange(lo, hi, 6);
}

/** The chart as an SVG document; each bar is a <g class="bar" data-index="i">. */
export function barChartSvg(o: BarChartOptions): string {
  const W = o.width ?? 640;
  const ROW = 24;
  const top = o.title ? 40 : 12;
  const left = 40, right = 80;
  const plotW = W - left - right;
  const H = top + o.values.length * ROW + 36;
  const axis = zoomedAxis(o.values, o.max);
  const fmt = (v: number, step: number) => (o.percent ? `${formatTick(v * 100, step * 100)}%` : formatTick(v, step));
  const px = (v: number) => left + (Math.min(Math.max(v, axis.lo), axis.hi) - axis.lo) / (axis.hi - axis.lo) * plotW;
  const parts: string[] = [];
  if (o.title) parts.push(el('text', { x: W / 2, y: 26, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold', fill: '#222222' }, esc(o.title)));
  const bottom = top + o.values.length * ROW;
  for (const t of axis.ticks) {
    parts.push(el('line', { x1: px(t), x2: px(t), y1: top, y2: bottom, stroke: '#e6e6e6' }));
    parts.push(el('text', { x: px(t), y: bottom + 16, 'text-anchor': 'middle', fill: '#666666' }, fmt(t, axis.step)));
  }
  o.values.forEach((v, i) => {
    const y = top + i * ROW;
    const color = i === o.highlight ? '#d6604d' : '#2166ac';
    const exact = o.percent ? `${(v * 100).toFixed(2)}%` : formatTick(v, axis.step / 100);
    parts.push(el('g', { class: 'bar', 'data-index': i },
      el('text', { x: left - 10, y: y + ROW / 2 + 4, 'text-anchor': 'end', fill: '#222222' }, esc(o.labels[i] ?? '')) +
      el('rect', { x: left, y: y + 4, width: Math.max(1, px(v) - left), height: ROW - 8, fill: color }) +
      el('text', { x: left + plotW + 8, y: y + ROW / 2 + 4, fill: i === o.highlight ? color : '#222222' }, exact)));
  });
  parts.push(el('line', { x1: left, x2: left, y1: top, y2: bottom, stroke: '#222222', 'stroke-width': 1.5 }));
  parts.push(el('text', { x: left, y: bottom + 32, fill: '#666666' }, `The axis starts at ${fmt(axis.lo, axis.step)}, not at 0, so that the differences show.`));
  return svgDocument(W, H, parts.join(''), { 'data-chart': o.chartId });
}

/** Renders the bar chart to PNG bytes (the same SVG rasterised). */
export function barChart(o: BarChartOptions): Uint8Array {
  return svgToPng(barChartSvg(o), { dpr: o.dpr ?? 2 });
}
