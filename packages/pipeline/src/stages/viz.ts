/** The paper's figures (into <runDir>/figures/) and the self-contained report.html. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  accuracyChart, confusionMatrix, lossChart, misclassifiedGrid, w1Figure, w1w2, w1w2Figure, w2Figure, writeReport,
  type FinalNumbers, type MisclassifiedItem,
} from '@mnist-ts/viz';
import { defineStage } from '../stage.js';
import type { EvaluationValue } from '../kinds.js';
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

function figuresIn(runDir: string): string[] {
  const dir = join(runDir, 'figures');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')) : [];
  const rank = (f: string) => (FIGURE_ORDER.includes(f) ? FIGURE_ORDER.indexOf(f) : FIGURE_ORDER.length);
  const files = found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join('figures', f));
  return existsSync(join(runDir, 'sweep.png')) ? [...files, 'sweep.png'] : files;
}

export const reportHtml = defineStage({
  type: 'report.html',
  version: 1,
  description: 'report.html: one self-contained page with the spec, the final numbers, every figure in figures/ (inline) and the metrics table; put it after the figure stages',
  params: z.strictObject({ title: z.string().optional() }),
  inputs: { metrics: 'metrics?', evaluation: 'evaluation?', model: 'model?', sweep: 'sweep?' },
  outputs: { report: 'figure' },
  run: async ({ params, inputs, context }) => {
    const { metrics, evaluation: e, model, sweep } = inputs;
    const t = model?.training;
    const final: FinalNumbers = t ? { trainAcc: t.trainAcc, testAcc: t.testAcc, testLoss: t.testLoss, epochs: t.epochs, seconds: t.seconds } : {};
    if (e) Object.assign(final, { [`${e.split}Acc`]: e.accuracy, [`${e.split}Loss`]: e.loss, [`${e.split}N`]: e.n });
    if (sweep?.best) Object.assign(final, { trials: sweep.trials.length, bestParams: sweep.best.params, bestValAcc: sweep.best.valAcc, bestTestAcc: sweep.bestTestAcc });
    const path = await writeReport(context.runDir, {
      spec: context.spec, final, perClass: e?.perClass, metrics: metrics ?? [], figures: figuresIn(context.runDir),
      title: params.title ?? `${context.spec.name}: MNIST two-layer network`,
    });
    context.artifact(path, 'report');
    return { report: path };
  },
});
