// The figures of a training run: accuracy and loss by epoch, the paper's weight images (W1, W2,
// W1·W2), the confusion matrix and misclassified digits; `writeRunFigures` writes them to
// <runDir>/figures/.
import { join } from 'node:path';
import { confusionMatrix } from '../render/confusion.js';
import { misclassifiedGrid, type MisclassifiedItem } from '../render/digit-grid.js';
import { lineChart, type Series } from '../render/line-chart.js';
import { tileShape, weightGrid } from '../render/weight-grid.js';
import { writeFileAtomic } from './atomic.js';

/** One line of metrics.jsonl; accuracies are fractions 0..1. */
export interface EpochMetrics {
  epoch: number;
  lr: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  /** Cross-entropy part of trainLoss, when the trainer reports it apart from the L2 term. */
  trainDataLoss?: number;
  l2Loss?: number;
  seconds: number;
  samplesPerSec: number;
}

export interface FigureOptions {
  /** Device-pixel ratio (default 2). */
  dpr?: number;
}

const INPUTS = 784;
const SIDE = 28;
const CLASSES = 10;
const DIGITS = Array.from({ length: CLASSES }, (_, d) => String(d));

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : ` ${(v * 100).toFixed(2)}%`);

/** Train and test accuracy by epoch, zoomed to where the curves are (never above 1). */
export function accuracyChart(metrics: readonly EpochMetrics[], options: FigureOptions = {}): Uint8Array {
  const last = metrics[metrics.length - 1];
  return lineChart({
    title: 'Accuracy',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    series: [
      { name: `train${pct(last?.trainAcc)}`, values: metrics.map((m) => ({ x: m.epoch, y: m.trainAcc })), color: '#1f77b4' },
      { name: `test${pct(last?.testAcc)}`, values: metrics.map((m) => ({ x: m.epoch, y: m.testAcc })), color: '#ff7f0e' },
    ],
    yClamp: [0, 1],
    yMinSpan: 0.02,
    dpr: options.dpr ?? 2,
  });
}

/** Train and test loss by epoch; the data part and the L2 term (dashed) when reported. */
export function lossChart(metrics: readonly EpochMetrics[], options: FigureOptions = {}): Uint8Array {
  const pts = (f: (m: EpochMetrics) => number | undefined) => metrics.map((m) => ({ x: m.epoch, y: f(m) ?? null }));
  const series: Series[] = [
    { name: 'train', values: pts((m) => m.trainLoss), color: '#1f77b4' },
    { name: 'test', values: pts((m) => m.testLoss), color: '#ff7f0e' },
  ];
  if (metrics.some((m) => m.trainDataLoss !== undefined)) {
    series.push({ name: 'train data loss', values: pts((m) => m.trainDataLoss), color: '#2ca02c' });
  }
  if (metrics.some((m) => m.l2Loss !== undefined)) {
    series.push({ name: 'L2 term', values: pts((m) => m.l2Loss), color: '#9467bd', dashed: true });
  }
  return lineChart({ title: 'Loss', xLabel: 'epoch', yLabel: 'loss', series, yClamp: [0, Infinity], dpr: options.dpr ?? 2 });
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
  metrics?: readonly EpochMetrics[];
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

/** The figures `data` allows, as [file name, render] pairs, in report order. */
function plannedFigures(data: RunFigureData): [string, () => Uint8Array][] {
  const o = { dpr: data.dpr ?? 2 };
  const h = hiddenOf(data);
  const { metrics, W1, W2, confusion, misclassified } = data;
  const product = data.w1w2 ?? (W1 && W2 && h !== undefined ? w1w2(W1, W2, h) : undefined);
  const out: [string, () => Uint8Array][] = [];
  if (metrics && metrics.length > 0) out.push(['accuracy.png', () => accuracyChart(metrics, o)], ['loss.png', () => lossChart(metrics, o)]);
  if (W1 && h !== undefined) out.push(['w1.png', () => w1Figure(W1, h, o)]);
  if (W2 && h !== undefined) out.push(['w2.png', () => w2Figure(W2, h, o)]);
  if (product) out.push(['w1w2.png', () => w1w2Figure(product, o)]);
  if (confusion) out.push(['confusion.png', () => confusionMatrix(confusion, undefined, o)]);
  if (misclassified) out.push(['misclassified.png', () => misclassifiedGrid(misclassified, o)]);
  return out;
}

/** Draws every figure `data` allows into <runDir>/figures/, atomically; returns the paths written. */
export async function writeRunFigures(runDir: string, data: RunFigureData): Promise<string[]> {
  const written: string[] = [];
  for (const [name, render] of plannedFigures(data)) {
    const path = join(runDir, 'figures', name);
    await writeFileAtomic(path, render());
    written.push(path);
  }
  return written;
}
