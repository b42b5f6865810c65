/** train.sgd: the paper's minibatch SGD, with metrics.jsonl and an atomic checkpoint each epoch. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CLASSES, describeNormalizations, FEATURES } from '@mnist-ts/mnist-data';
import { TwoLayerNet } from '@mnist-ts/nn';
import { initialState, loadCheckpoint, resolveConfig, train, type TrainConfig, type TrainState } from '@mnist-ts/train';
import { defineStage, type ModelValue } from '@mnist-ts/pipeline-core';
import { scheduleParam, seedParam } from './common.js';

export const trainSgd = defineStage({
  type: 'train.sgd',
  version: 1,
  description: "Trains the model with minibatch SGD (the paper's loop); writes checkpoint.safetensors and metrics.jsonl each epoch; resumes from the checkpoint",
  params: z.strictObject({
    lr: z.number().positive().default(0.1).meta({ description: 'Learning rate of epoch 1' }),
    epochs: z.int().positive().default(50),
    batchSize: z.int().positive().default(64),
    schedule: scheduleParam,
    l2: z.number().min(0).optional().meta({ description: "L2 strength λ; default: the model's" }),
    normalize: z.enum(['paper', 'unit']).optional().meta({ description: `${describeNormalizations()}; default: the model's` }),
    seed: seedParam.meta({ description: "Seeds the batch order; default: the model's seed" }),
    finalTrainPass: z.boolean().default(true).meta({ description: 'Measure train accuracy with a full pass at the end' }),
    previewUnits: z.int().min(0).default(4).meta({ description: 'W1 units sent with each epoch:end event for a live preview' }),
  }),
  inputs: { data: 'datasets', model: 'model', hooks: 'hooks[]' },
  outputs: { model: 'model', metrics: 'metrics' },
  run: async ({ params, inputs, emit, signal, context }) => {
    const m = inputs.model;
    const config: TrainConfig = resolveConfig({
      hidden: m.hidden, loss: m.loss, l2: params.l2 ?? m.l2, seed: params.seed ?? m.seed,
      lr: params.lr, epochs: params.epochs, batchSize: params.batchSize, schedule: params.schedule,
      normalize: params.normalize ?? m.normalize, finalTrainPass: params.finalTrainPass, previewUnits: params.previewUnits,
    });
    const checkpoint = join(context.runDir, 'checkpoint.safetensors');
    let start: { net: TwoLayerNet; state: TrainState };
    if (context.resume && existsSync(checkpoint)) {
      const saved = loadCheckpoint(checkpoint);
      start = { net: saved.net, state: saved.state };
      context.log(`resuming from ${checkpoint}: epoch ${saved.state.epoch}, batch ${saved.state.batch}`);
    } else {
      start = fromModel(m, config);
    }
    const { data } = inputs;
    const result = await train(config, { train: data.train, test: data.test, validation: data.validation }, {
      emit, signal, runDir: context.runDir, resume: start, name: context.spec.name, pause: context.pause, hooks: inputs.hooks,
    });
    if (result.status === 'interrupted') context.stoppedEarly();
    for (const [file, kind] of [['metrics.jsonl', 'metrics'], ['checkpoint.safetensors', 'checkpoint']] as const) {
      const path = join(context.runDir, file);
      if (existsSync(path)) context.artifact(path, kind);
    }
    const { trainAcc, testAcc, testLoss, epochs, seconds } = result;
    const stopped = result.stopped === undefined ? {} : { stopped: result.stopped };
    const model: ModelValue = {
      net: result.net, hidden: config.hidden, loss: config.loss, l2: config.l2, normalize: config.normalize, seed: config.seed,
      epochs: m.epochs + epochs, training: { trainAcc, testAcc, testLoss, epochs, seconds, interrupted: result.status === 'interrupted', ...stopped },
    };
    return { model, metrics: result.metrics };
  },
});

/**
 * The network to train and its starting state. A copy of the input's weights (another stage may
 * read the untrained model), with this stage's loss and λ; a fresh model's state from
 * initialState, so the run matches `train(config)` for the same seed byte for byte.
 */
function fromModel(m: ModelValue, config: TrainConfig): { net: TwoLayerNet; state: TrainState } {
  const { W1, b1, W2, b2 } = m.net;
  const net = TwoLayerNet.fromWeights({ W1, b1, W2, b2 }, { inputs: FEATURES, hidden: config.hidden, outputs: CLASSES, loss: config.loss, l2: config.l2 });
  const state = m.initState ? structuredClone(m.initState) : initialState(config).state;
  return { net, state };
}
