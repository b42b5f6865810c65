// The figures of a training run: accuracy and loss by epoch, the paper's weight images (W1, W2,
// W1·W2), the confusion matrix and misclassified digits. Pure: `runFigures` returns file names
// and PNG bytes; the caller writes them (the pipeline through its one atomic gate).
import { confusionMatrix } from '../render/confusion.js';
import { misclassifiedGrid, type MisclassifiedItem } from '../render/digit-grid.js';
import { lineChart, lineChartSvg, type LineChartOptions, type Series } from '../render/line-chart.js';
import { tileShape, weightGrid } from '../render/weight-grid.js';
import type { EpochRow } from './epochs.js';

export interface FigureOptions {
  /** Device-pixel ratio (default 2). */
  dpr?: number;
}

const INPUTS = 784;
const SIDE = 28;
const CLASSES = 10;
const DIGITS = Array.from({ length: CLASSES }, (_, d) => String(d));

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : ` ${(v * 100).toFixed(2)}%`);

/** Train and test accuracy by epoch, zoomed to where the curves are (never above 100%). */
export function accuracyChartOptions(metrics: readonly EpochRow[]): LineChartOptions {
  const last = metrics[metrics.length - 1];
  return {
    title: 'Accuracy', xLabel: 'Epoch', yLabel: 'Accuracy', chartId: 'accuracy', yPercent: true,
    series: [
      { id: 'train', name: `Train${pct(last?.trainAcc)}`, values: metrics.map((m) => ({ x: m.epoch, y: m.trainAcc ?? null })), color: '#1f77b4' },
      { id: 'test', name: `Test${pct(last?.testAcc)}`, values: metrics.map((m) => ({ x: m.epoch, y: m.testAcc ?? null })), color: '#ff7f0e' },
    ],
    yClamp: [0, 1],
    yMinSpan: 0.02,
  };
}

/** Train and test loss by epoch; the data part and the L2 term (dashed) when reported. */
export function lossChartOptions(metrics: readonly EpochRow[]): LineChartOptions {
  const pts = (f: (m: EpochRow) => number | undefined) => metrics.map((m) => ({ x: m.epoch, y: f(m) ?? null }));
  const series: Series[] = [
    { id: 'train', name: 'Train', values: pts((m) => m.trainLoss), color: '#1f77b4' },
    { id: 'test', name: 'Test', values: pts((m) => m.testLoss), color: '#ff7f0e' },
  ];
  if (metrics.some((m) => m.trainDataLoss !== undefined)) {
    series.push({ id: 'train', name: 'Train data loss', values: pts((m) => m.trainDataLoss), color: '#2ca02c' });
  }
  if (metrics.some((m) => m.l2Loss !== undefined)) {
    series.push({ id: 'train', name: 'L2 term', values: pts((m) => m.l2Loss), color: '#9467bd', dashed: true });
  }
  return { title: 'Loss', xLabel: 'Epoch', yLabel: 'Loss', chartId: 'loss', series, yClamp: [0, Infinity] };
}

/** The accuracy chart as SVG (the report inlines it) and as PNG (the same SVG rasterised). */
export const accuracySvg = (metrics: readonly EpochRow[]): string => lineChartSvg(accuracyChartOptions(metrics));
export function accuracyChart(metrics: readonly EpochRow[], options: FigureOptions = {}): Uint8Array {
  return lineChart({ ...accuracyChartOptions(metrics), dpr: options.dpr ?? 2 });
}

/** The loss chart as SVG and as PNG, likewise. */
export const lossSvg = (metrics: readonly EpochRow[]): string => lineChartSvg(lossChartOptions(metrics));
export function lossChart(metrics: readonly EpochRow[], options: FigureOptions = {}): Uint8Array {
  return lineChart({ ...lossChartOptions(metrics), dpr: options.dpr ?? 2 });
}

function checkLength(name: string, values: Float32Array, expected: number, shape: string): void {
  if (values.length !== expected) {
    throw new Error(`${name}: expected ${shape} = ${expected} values, got ${values.length}`);
  }
}

/**
 * W1 ([784, H] row-major; column j = hidden unit j) as a grid of 28x28 tiles, the first `units`
 * (default 100) units, 10 per row. Each tile is scaled to its own max |w|: units differ a lot in
 * norm, and the paper's figure shows each unit's pattern.
 */
export function w1Figure(W1: Float32Array, hidden: number, options: FigureOptions & { units?: number } = {}): Uint8Array {
  checkLength('W1', W1, INPUTS * hidden, `[784, ${hidden}]`);
  const units = Math.min(options.units ?? 100, hidden);
  const dpr = options.dpr ?? 2;
  return weightGrid({
    tiles: { matrix: W1, rows: INPUTS, cols: hidden, count: units },
    tileRows: SIDE, tileCols: SIDE, gridCols: Math.min(10, units),
    scale: 'per-tile', zoom: Math.round(1.5 * dpr), dpr,
    title: units === 1 ? 'W1: the hidden unit' : `W1: first ${units} hidden units`,
  });
}

/**
 * W2 ([H, 10] row-major) as 10 tiles, one per digit, its H weights laid out row-major in
 * tileShape(H) (16 rows x 32 columns for H = 512). One scale for the figure, so the digits'
 * weight magnitudes compare.
 */
export function w2Figure(W2: Float32Array, hidden: number, options: FigureOptions = {}): Uint8Array {
  checkLength('W2', W2, hidden * CLASSES, `[${hidden}, 10]`);
  const { rows, cols } = tileShape(hidden);
  const dpr = options.dpr ?? 2;
  return weightGrid({
    tiles: { matrix: W2, rows: hidden, cols: CLASSES },
    tileRows: rows, tileCols: cols, gridCols: 5, labels: DIGITS,
    scale: 'per-figure', zoom: Math.max(1, Math.min(16 * dpr, Math.floor((64 * dpr) / cols))), dpr,
    title: `W2: ${hidden} hidden unit${hidden === 1 ? '' : 's'} per digit (${rows}x${cols})`,
  });
}

/** W1·W2 ([784, 10] row-major) as 10 tiles of 28x28, one scale for the figure. */
export function w1w2Figure(product: Float32Array, options: FigureOptions = {}): Uint8Array {
  checkLength('W1·W2', product, INPUTS * CLASSES, '[784, 10]');
  const dpr = options.dpr ?? 2;
  return weightGrid({
    tiles: { matrix: product, rows: INPUTS, cols: CLASSES },
    tileRows: SIDE, tileCols: SIDE, gridCols: 5, labels: DIGITS,
    scale: 'per-figure', zoom: 2 * dpr, dpr,
    title: 'W1·W2: input pixels to digits',
  });
}

/** W1·W2: [784, H] x [H, 10] -> [784, 10], row-major, a plain triple loop. */
export function w1w2(W1: Float32Array, W2: Float32Array, hidden: number): Float32Array {
  checkLength('W1', W1, INPUTS * hidden, `[784, ${hidden}]`);
  checkLength('W2', W2, hidden * CLASSES, `[${hidden}, 10]`);
  const out = new Float32Array(INPUTS * CLASSES);
  for (let i = 0; i < INPUTS; i++) {
    for (let k = 0; k < hidden; k++) {
      const a = W1[i * hidden + k] ?? 0;
      for (let j = 0; j < CLASSES; j++) out[i * CLASSES + j] = (out[i * CLASSES + j] ?? 0) + a * (W2[k * CLASSES + j] ?? 0);
    }
  }
  return out;
}

/** What a run has to draw; every field is optional and each figure needs only its own. */
export interface RunFigureData {
  metrics?: readonly EpochRow[];
  W1?: Float32Array;
  W2?: Float32Array;
  /** Hidden units; inferred from W2 or W1 when absent. */
  hidden?: number;
  /** W1·W2 [784, 10]; computed from W1 and W2 when absent. */
  w1w2?: Float32Array;
  /** 10 x 10 counts, rows = true digit, columns = predicted. */
  confusion?: readonly (readonly number[])[];
  misclassified?: readonly MisclassifiedItem[];
  dpr?: number;
}

function hiddenOf(data: RunFigureData): number | undefined {
  if (data.hidden !== undefined) return data.hidden;
  if (data.W2) return data.W2.length / CLASSES;
  return data.W1 ? data.W1.length / INPUTS : undefined;
}

/** A figure to be written: its file name under figures/ and its PNG bytes. */
export interface RunFigure {
  name: string;
  png: Uint8Array;
}

/** Every figure `data` allows, in report order, as file names and PNG bytes (nothing is written). */
export function runFigures(data: RunFigureData): RunFigure[] {
  const o = { dpr: data.dpr ?? 2 };
  const h = hiddenOf(data);
  const { metrics, W1, W2, confusion, misclassified } = data;
  const product = data.w1w2 ?? (W1 && W2 && h !== undefined ? w1w2(W1, W2, h) : undefined);
  const out: RunFigure[] = [];
  if (metrics && metrics.length > 0) out.push({ name: 'accuracy.png', png: accuracyChart(metrics, o) }, { name: 'loss.png', png: lossChart(metrics, o) });
  if (W1 && h !== undefined) out.push({ name: 'w1.png', png: w1Figure(W1, h, o) });
  if (W2 && h !== undefined) out.push({ name: 'w2.png', png: w2Figure(W2, h, o) });
  if (product) out.push({ name: 'w1w2.png', png: w1w2Figure(product, o) });
  if (confusion) out.push({ name: 'confusion.png', png: confusionMatrix(confusion, undefined, o) });
  if (misclassified) out.push({ name: 'misclassified.png', png: misclassifiedGrid(misclassified, o) });
  return out;
}
