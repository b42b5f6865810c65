/** train.sweep: a hyperparameter search, trials in parallel worker threads; sweep.jsonl + sweep.png. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PAPER_SWEEP, runSweep, trialDataOf, type SweepSpace, type TrainConfig } from '@mnist-ts/train';
import { sweepChart } from '@mnist-ts/viz';
import { defineStage, type SweepValue } from '@mnist-ts/pipeline-core';
import { lossParam, normalizeParam, scheduleParam, seedParam } from './common.js';
import { openExecutor, queueParams } from './queue-executor.js';
import { withValidation } from './data.js';

const value = z.union([z.number(), z.string()]);
const space = z.strictObject({
  mode: z.enum(['grid', 'stagewise']).default('grid').meta({ description: "'grid': every combination; 'stagewise': one parameter at a time, as the paper did" }),
  params: z.record(z.string(), z.array(value).min(1)).meta({ description: 'Each parameter’s candidate values, e.g. { "hidden": [128, 256, 512] }' }),
  random: z.record(z.string(), z.strictObject({ count: z.int().positive(), min: z.number(), max: z.number(), integer: z.boolean().optional() })).optional(),
  base: z.record(z.string(), value).optional().meta({ description: 'Values of parameters a stage-wise search has not reached yet' }),
});

export const trainSweep = defineStage({
  type: 'train.sweep',
  version: 1,
  description: "A hyperparameter search selected on validation accuracy (held out of train; the test set decides nothing): the paper's stage-wise search or your own space",
  params: z.strictObject({
    search: z.union([z.literal('paper'), space]).default('paper').meta({ description: '"paper" (hidden, then lr, then L2, as the paper searched) or a space' }),
    epochs: z.int().positive().default(10).meta({ description: 'Epochs per trial' }),
    batchSize: z.int().positive().default(64),
    schedule: scheduleParam,
    loss: lossParam,
    normalize: normalizeParam,
    hidden: z.int().positive().optional().meta({ description: 'For trials whose search does not set it' }),
    lr: z.number().positive().optional(),
    l2: z.number().min(0).optional(),
    validation: z.number().positive().default(10_000).meta({ description: 'Rows held out of train for selection (ignored when the data already has a validation part)' }),
    executor: z.enum(['threads', 'inline', 'queue']).default('threads').meta({ description: "'threads': worker threads; 'inline': one trial after another in this thread; 'queue': `mnist worker`s on any machine, through Redis" }),
    threads: z.int().positive().optional().meta({ description: 'Worker threads; default: the number of cores' }),
    seed: seedParam,
    ...queueParams,
  }),
  inputs: { data: 'datasets' },
  outputs: { sweep: 'sweep' },
  run: async ({ params, inputs, emit, signal, context }) => {
    const seed = params.seed ?? context.seed;
    const config: Partial<TrainConfig> = {
      epochs: params.epochs, batchSize: params.batchSize, schedule: params.schedule, loss: params.loss, normalize: params.normalize, seed,
      ...(params.hidden === undefined ? {} : { hidden: params.hidden }),
      ...(params.lr === undefined ? {} : { lr: params.lr }),
      ...(params.l2 === undefined ? {} : { l2: params.l2 }),
    };
    // The trials train on exactly the arrays that came in: worker threads share them (by digest).
    const data = trialDataOf(withValidation(inputs.data, params.validation, seed));
    const executor = await openExecutor(params, context);
    const logPath = join(context.runDir, 'sweep.jsonl');
    let result;
    try {
      const search: SweepSpace = params.search === 'paper' ? PAPER_SWEEP : params.search;
      result = await runSweep({ space: search, config, data, seed, executor, logPath, emit, signal });
    } finally {
      await executor.close();
    }
    if (result.interrupted) context.stoppedEarly();
    if (existsSync(logPath)) context.artifact(logPath, 'sweep');
    const chartPath = await context.writeFile('sweep.png', sweepChart(result.trials), 'figure');
    if (result.best) context.log(`best ${JSON.stringify(result.best.params)}, validation accuracy ${result.best.valAcc}`);
    const sweep: SweepValue = { ...result, logPath, chartPath };
    return { sweep };
  },
});
