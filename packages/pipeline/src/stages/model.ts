/** Model stages: a fresh network from the seed, and the model file (save and load). */
import { z } from 'zod';
import { normalizationOfText, normalizationText } from '@mnist-ts/mnist-data';
import { MODEL_FORMAT, encodeModel, loadModel } from '@mnist-ts/nn';
import { initialState, resolveConfig } from '@mnist-ts/train';
import { defineStage, runPath, type ModelValue } from '@mnist-ts/pipeline-core';
import { lossParam, normalizeParam, seedParam } from './common.js';

export const modelTwoLayer = defineStage({
  type: 'model.two-layer',
  version: 1,
  description: 'A fresh 784-H-10 network (ReLU, softmax), He-normal weights drawn from the seed',
  params: z.strictObject({
    hidden: z.int().positive().default(512).meta({ description: 'Hidden ReLU units H' }),
    loss: lossParam,
    l2: z.number().min(0).default(1e-4).meta({ description: 'L2 strength λ (the term λ/(2m)·‖W‖²)' }),
    normalize: normalizeParam,
    seed: seedParam,
  }),
  outputs: { model: 'model' },
  run: ({ params, context }) => {
    const seed = params.seed ?? context.seed;
    // initialState draws the weights exactly as train() would for the same seed, so a spec run
    // and `train(config)` start from the same bytes.
    const { net, state } = initialState(resolveConfig({ hidden: params.hidden, loss: params.loss, l2: params.l2, seed }));
    const model: ModelValue = { net, hidden: params.hidden, loss: params.loss, l2: params.l2, normalize: params.normalize, seed, epochs: 0, initState: state };
    return { model };
  },
});

export const modelSave = defineStage({
  type: 'model.save',
  version: 1,
  description: 'Writes the model file (safetensors, with the format, hidden, normalization, testAccuracy, epochs, seed and spec metadata)',
  params: z.strictObject({ path: runPath().default('model.safetensors').meta({ description: 'Relative to the run directory, inside it' }) }),
  inputs: { model: 'model', evaluation: 'evaluation?' },
  outputs: { file: 'file' },
  run: async ({ params, inputs, context }) => {
    const m = inputs.model;
    const e = inputs.evaluation;
    const testAccuracy = e?.split === 'test' ? e.accuracy : m.training?.testAcc;
    const metadata: Record<string, string> = {
      format: MODEL_FORMAT,
      hidden: String(m.hidden),
      activation: 'relu',
      normalization: normalizationText(m.normalize),
      ...(testAccuracy === undefined ? {} : { testAccuracy: String(testAccuracy) }),
      // An addition to the contract's keys: the full-pass train accuracy the run reported.
      ...(m.training?.trainAcc === undefined ? {} : { trainAccuracy: String(m.training.trainAcc) }),
      epochs: String(m.epochs),
      seed: String(m.seed),
      spec: JSON.stringify(context.spec),
    };
    return { file: await context.writeFile(params.path, encodeModel(m.net, metadata), 'model') };
  },
});

export const modelLoad = defineStage({
  type: 'model.load',
  version: 1,
  description: 'Reads a model file (relative to the spec file); its metadata says how inputs are normalised',
  params: z.strictObject({
    path: z.string().min(1),
    loss: lossParam.meta({ description: 'The loss to fine-tune with (the file does not record it)' }),
    l2: z.number().min(0).default(1e-4),
  }),
  outputs: { model: 'model' },
  run: ({ params, context }) => {
    const { net, metadata } = loadModel(context.resolvePath(params.path), { loss: params.loss, l2: params.l2 });
    const unit = normalizationOfText(metadata.normalization ?? '') === 'unit';
    const seed = Number(metadata.seed);
    const model: ModelValue = {
      net, hidden: net.config.hidden, loss: params.loss, l2: params.l2, normalize: unit ? 'unit' : 'paper',
      seed: Number.isInteger(seed) ? seed : context.seed, epochs: Number(metadata.epochs) || 0, metadata,
    };
    return { model };
  },
});
