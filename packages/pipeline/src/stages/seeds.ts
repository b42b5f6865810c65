/** train.seeds: one training setup over N seeds; seeds.jsonl, seeds.json and the spread of test accuracy. */
import { join } from 'node:path';
import { z } from 'zod';
import { PAPER_CONFIG, runSeedStudy, trialDataOf, type Spread, type TrainConfig } from '@mnist-ts/train';
import { defineStage } from '@mnist-ts/pipeline-core';
import { lossParam, normalizeParam, scheduleParam } from './common.js';
import { openExecutor, queueParams } from './queue-executor.js';
import { withValidation } from './data.js';

const seed = z.int().min(0).max(0xffffffff);
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

export const trainSeeds = defineStage({
  type: 'train.seeds',
  version: 1,
  description: 'Trains one setup with N seeds and reports the median, mean and range of the final test accuracy: how much the seed alone moves the result',
  params: z.strictObject({
    seeds: z.union([z.int().positive(), z.array(seed).min(1)]).default(10).meta({ description: 'N (seeds 1..N) or the list of seeds' }),
    hidden: z.int().positive().default(PAPER_CONFIG.hidden),
    lr: z.number().positive().default(PAPER_CONFIG.lr),
    l2: z.number().min(0).default(PAPER_CONFIG.l2),
    epochs: z.int().positive().default(PAPER_CONFIG.epochs),
    batchSize: z.int().positive().default(PAPER_CONFIG.batchSize),
    schedule: scheduleParam,
    loss: lossParam,
    normalize: normalizeParam,
    validation: z.int().min(0).default(0).meta({ description: 'Rows held out of train for a validation accuracy (0: train on all of it, as the paper did)' }),
    executor: z.enum(['threads', 'inline', 'queue']).default('threads').meta({ description: "'threads': worker threads on this machine; 'inline': one seed after another in this thread; 'queue': `mnist worker`s on any machine, through Redis" }),
    threads: z.int().positive().optional().meta({ description: 'Worker threads; default: the number of cores' }),
    ...queueParams,
  }),
  inputs: { data: 'datasets' },
  outputs: { summary: 'file' },
  run: async ({ params, inputs, emit, signal, context }) => {
    const seeds = typeof params.seeds === 'number' ? Array.from({ length: params.seeds }, (_, i) => i + 1) : params.seeds;
    const { seeds: _s, executor: _e, threads: _t, redis: _r, validation, ...training } = params;
    const config: Partial<TrainConfig> = training;
    // Every seed trains on exactly these arrays; the held-out rows (none by default) are the same
    // for all seeds (split seed 0), so only training's own randomness varies.
    const data = trialDataOf(withValidation(inputs.data, validation, 0));
    const executor = await openExecutor(params, context);
    const logPath = join(context.runDir, 'seeds.jsonl');
    let result;
    try {
      result = await runSeedStudy({ config, seeds, data, executor, logPath, emit, signal });
    } finally {
      await executor.close();
    }
    if (result.interrupted) context.stoppedEarly();
    context.artifact(logPath, 'seeds');
    const s: Spread | null = result.testAcc;
    if (s) context.log(`test accuracy over ${s.n} seeds: median ${pct(s.median)}, mean ${pct(s.mean)}, range ${pct(s.min)} to ${pct(s.max)}`);
    const summary = await context.writeFile('seeds.json', JSON.stringify({ config, seeds, testAcc: s, runs: result.runs }, null, 2) + '\n', 'seeds');
    return { summary };
  },
});
