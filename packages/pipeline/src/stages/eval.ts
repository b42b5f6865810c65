/** eval.accuracy (accuracy, loss, per-class accuracy, confusion) and metrics.load. */
import { z } from 'zod';
import { normalization } from '@mnist-ts/mnist-data';
import { readMetrics } from '@mnist-ts/train';
import { defineStage, type EvaluationValue } from '@mnist-ts/pipeline-core';
import { pick } from './data.js';

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

export const evalAccuracy = defineStage({
  type: 'eval.accuracy',
  version: 1,
  description: 'Accuracy, mean loss, per-class accuracy and the confusion matrix of the model on one part of the data',
  params: z.strictObject({ split: z.enum(['test', 'train', 'validation']).default('test') }),
  inputs: { model: 'model', data: 'datasets' },
  outputs: { evaluation: 'evaluation' },
  run: ({ params, inputs, context }) => {
    const ds = pick(inputs.data, params.split, context.stageId);
    const m = inputs.model;
    const e = m.net.evaluateBytes(ds.images, ds.labels, ds.count, normalization(m.normalize), 1000, { probabilities: true });
    const worst = e.perClass.reduce((w, a, d) => (a < e.perClass[w]! ? d : w), 0);
    context.log(`${params.split}: accuracy ${pct(e.accuracy)}, loss ${e.loss.toFixed(4)} (n = ${e.n}); weakest digit ${worst} at ${pct(e.perClass[worst]!)}`);
    const evaluation: EvaluationValue = {
      split: params.split, n: e.n, loss: e.loss, accuracy: e.accuracy, perClass: e.perClass, confusion: e.confusion,
      predictions: e.predictions, probabilities: e.probabilities ?? new Float32Array(0), data: ds,
    };
    return { evaluation };
  },
});

export const metricsLoad = defineStage({
  type: 'metrics.load',
  version: 1,
  description: "Reads a run's metrics.jsonl (relative to the spec file), e.g. to redraw its curves",
  params: z.strictObject({ path: z.string().min(1) }),
  outputs: { metrics: 'metrics' },
  run: ({ params, context }) => {
    const path = context.resolvePath(params.path);
    const metrics = readMetrics(path);
    if (metrics.length === 0) throw new Error(`${path}: no metrics (expected one JSON line per epoch)`);
    return { metrics };
  },
});
