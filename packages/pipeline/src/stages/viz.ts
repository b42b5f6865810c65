/**
 * The paper's figures (into <runDir>/figures/) and the self-contained report.html. viz draws (bytes
 * and strings out); these stages write every file through context.writeFile, the run's one
 * atomic gate.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FEATURES, frameDigit, normalization } from '@mnist-ts/mnist-data';
import { TwoLayerNet } from '@mnist-ts/nn';
import { ByteMatrix } from '@mnist-ts/tensor';
import {
  TopActivations, accuracyChart, confusionMatrix, dequantize, lossChart, misclassifiedGrid, quantizeColumns, renderReport, selectExamples,
  w1Figure, w1w2, w1w2Figure, w2Figure,
  type FinalNumbers, type MisclassifiedItem, type QuantBits, type ReportData, type ReportImage, type ReportModel,
} from '@mnist-ts/viz';
import { defineStage, type EvaluationValue, type ModelValue } from '@mnist-ts/pipeline-core';
import { dprParam } from './common.js';

export const vizCurves = defineStage({
  type: 'viz.curves',
  version: 1,
  description: 'figures/accuracy.png and figures/loss.png: train and test against epochs',
  params: z.strictObject({ dpr: dprParam }),
  inputs: { metrics: 'metrics' },
  outputs: { accuracy: 'figure', loss: 'figure' },
  run: async ({ params, inputs, context }) => ({
    accuracy: await context.writeFile('figures/accuracy.png', accuracyChart(inputs.metrics, params), 'figure'),
    loss: await context.writeFile('figures/loss.png', lossChart(inputs.metrics, params), 'figure'),
  }),
});

export const vizWeights = defineStage({
  type: 'viz.weights',
  version: 1,
  description: 'figures/w1.png (the first hidden units as 28x28 tiles), w2.png (W2 per digit) and w1w2.png (W1·W2 per digit)',
  params: z.strictObject({ units: z.int().positive().default(100).meta({ description: 'Hidden units of W1 to draw' }), dpr: dprParam }),
  inputs: { model: 'model' },
  outputs: { w1: 'figure', w2: 'figure', w1w2: 'figure' },
  run: async ({ params, inputs, context }) => {
    const { net, hidden } = inputs.model;
    const [W1, W2] = [net.W1.data, net.W2.data];
    return {
      w1: await context.writeFile('figures/w1.png', w1Figure(W1, hidden, params), 'figure'),
      w2: await context.writeFile('figures/w2.png', w2Figure(W2, hidden, params), 'figure'),
      w1w2: await context.writeFile('figures/w1w2.png', w1w2Figure(w1w2(W1, W2, hidden), params), 'figure'),
    };
  },
});

export const vizConfusion = defineStage({
  type: 'viz.confusion',
  version: 1,
  description: 'figures/confusion.png: rows are true digits, columns predicted, with per-class accuracy',
  params: z.strictObject({ dpr: dprParam }),
  inputs: { evaluation: 'evaluation' },
  outputs: { confusion: 'figure' },
  run: async ({ params, inputs, context }) => {
    const e = inputs.evaluation;
    const png = confusionMatrix(e.confusion, undefined, { dpr: params.dpr, title: `Confusion matrix (${e.split}, n = ${e.n})` });
    return { confusion: await context.writeFile('figures/confusion.png', png, 'figure') };
  },
});

/** The first `count` rows the model got wrong, with the probability it gave its wrong answer. */
export function misclassified(e: EvaluationValue, count: number): MisclassifiedItem[] {
  const items: MisclassifiedItem[] = [];
  for (let i = 0; i < e.n && items.length < count; i++) {
    const predicted = e.predictions[i]!;
    const trueLabel = e.data.labels[i]!;
    if (predicted === trueLabel) continue;
    items.push({ pixels: e.data.image(i), trueLabel, predicted, prob: e.probabilities[i * 10 + predicted] ?? Number.NaN });
  }
  return items;
}

export const vizMisclassified = defineStage({
  type: 'viz.misclassified',
  version: 1,
  description: 'figures/misclassified.png: a grid of misclassified digits, true → predicted (probability)',
  params: z.strictObject({ count: z.int().positive().default(50), columns: z.int().positive().default(10), dpr: dprParam }),
  inputs: { evaluation: 'evaluation' },
  outputs: { misclassified: 'figure' },
  run: async ({ params, inputs, context }) => {
    const e = inputs.evaluation;
    const png = misclassifiedGrid(misclassified(e, params.count), { gridCols: params.columns, dpr: params.dpr, title: `Misclassified ${e.split} digits: true → predicted` });
    return { misclassified: await context.writeFile('figures/misclassified.png', png, 'figure') };
  },
});

/** The report's figure order: the paper's, then any others (a plugin's) by name. */
const FIGURE_ORDER = ['accuracy.png', 'loss.png', 'w1.png', 'w2.png', 'w1w2.png', 'confusion.png', 'misclassified.png'];

/**
 * The PNGs in figures/ (and sweep.png) that the page shows as images: all but those it draws
 * itself from the data it has (curves from metrics, the W1 explorer from the model, the
 * confusion matrix and the misclassified gallery from the evaluation, the sweep chart from the
 * trials).
 */
function figuresIn(runDir: string, drawn: Set<string>): ReportImage[] {
  const dir = join(runDir, 'figures');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png') && !drawn.has(f)) : [];
  const rank = (f: string) => (FIGURE_ORDER.includes(f) ? FIGURE_ORDER.indexOf(f) : FIGURE_ORDER.length);
  const files = found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join('figures', f));
  if (existsSync(join(runDir, 'sweep.png')) && !drawn.has('sweep.png')) files.push('sweep.png');
  return files.map((f) => ({ name: f.replace(/^figures\//, ''), png: readFileSync(join(runDir, f)) }));
}

/**
 * The largest accuracy change that quantising W1 may cost: 0.05 percentage points. 8 bits are
 * used when the 8-bit network stays within it on the evaluated data, 16 bits otherwise (or when
 * there is no data to measure on).
 */
export const QUANTIZATION_TOLERANCE = 0.0005;

/** The model for the page: W1 at the fewest bits that keep accuracy, measured on `e`'s rows. */
export function reportModel(m: ModelValue, e: EvaluationValue | undefined): ReportModel {
  const { net, hidden } = m;
  const norm = normalization(m.normalize);
  const base = { hidden, b1: net.b1.data, W2: net.W2.data, b2: net.b2.data, normalization: norm, frame: frameDigit };
  for (const bits of [8, 16] as QuantBits[]) {
    const W1 = quantizeColumns(net.W1.data, FEATURES, hidden, bits);
    if (!e) {
      if (bits === 16) return { ...base, W1 };
      continue;
    }
    const stored = TwoLayerNet.fromWeights({ W1: dequantize(W1), b1: net.b1.data, W2: net.W2.data, b2: net.b2.data });
    const ds = e.data;
    const accuracy = stored.evaluateBytes(ds.images, ds.labels, ds.count, norm).accuracy;
    if (Math.abs(accuracy - e.accuracy) <= QUANTIZATION_TOLERANCE || bits === 16) {
      return { ...base, W1, quantization: { floatAccuracy: e.accuracy, quantizedAccuracy: accuracy, n: e.n, split: e.split } };
    }
  }
  throw new Error('unreachable: 16 bits always returns');
}

/** Per hidden unit, the evaluated rows that excite it most (one forward pass per 1000 rows). */
function strongestRows(m: ModelValue, e: EvaluationValue, k: number): number[][] {
  const norm = normalization(m.normalize);
  const net = TwoLayerNet.fromWeights({ W1: m.net.W1.data, b1: m.net.b1.data, W2: m.net.W2.data, b2: m.net.b2.data });
  const top = new TopActivations(m.hidden, k);
  for (let first = 0; first < e.n; first += 1000) {
    const rows = Math.min(1000, e.n - first);
    net.forward(new ByteMatrix(rows, FEATURES, e.data.images.subarray(first * FEATURES, (first + rows) * FEATURES), norm.scale, norm.offset));
    top.add(net.activations()!.a1.data, rows, first);
  }
  return top.result();
}

export const reportHtml = defineStage({
  type: 'report.html',
  version: 1,
  description: 'report.html: one self-contained interactive page (charts, a drawing pad the model reads, a W1 explorer, the errors, the metrics, the spec) with the other figures inline; put it after the figure stages',
  params: z.strictObject({ title: z.string().optional() }),
  inputs: { metrics: 'metrics?', evaluation: 'evaluation?', model: 'model?', sweep: 'sweep?' },
  outputs: { report: 'figure' },
  run: async ({ params, inputs, context }) => {
    const { metrics, evaluation: e, model, sweep } = inputs;
    const t = model?.training;
    const final: FinalNumbers = t ? { testAcc: t.testAcc, trainAcc: t.trainAcc, testLoss: t.testLoss, epochs: t.epochs, seconds: t.seconds } : {};
    if (e) Object.assign(final, { [`${e.split}Acc`]: e.accuracy, [`${e.split}Loss`]: e.loss, [`${e.split}N`]: e.n });
    if (sweep?.best) Object.assign(final, { trials: sweep.trials.length, bestParams: sweep.best.params, bestValAcc: sweep.best.valAcc, bestTestAcc: sweep.bestTestAcc });
    const drawn = new Set([...(metrics?.length ? ['accuracy.png', 'loss.png'] : []), ...(model ? ['w1.png'] : []), ...(e ? ['confusion.png', 'misclassified.png'] : []), ...(sweep ? ['sweep.png'] : [])]);
    const data: ReportData = {
      spec: context.spec, final, metrics: metrics ?? [], images: figuresIn(context.runDir, drawn),
      title: params.title ?? `${context.spec.name}: MNIST two-layer network`,
    };
    if (e) Object.assign(data, { perClass: e.perClass, confusion: e.confusion, split: e.split });
    if (model) data.model = reportModel(model, e);
    if (e) {
      const topByUnit = model ? strongestRows(model, e, 4) : undefined;
      data.examples = selectExamples({
        split: e.split, n: e.n, images: e.data.images, labels: e.data.labels, predictions: e.predictions, probabilities: e.probabilities, topByUnit,
      });
    }
    if (sweep) data.sweep = sweep.trials;
    return { report: await context.writeFile('report.html', renderReport(data), 'report') };
  },
});
