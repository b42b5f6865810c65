/**
 * Issue 14's silent trap: a data stage that spreads its input (`{ ...inputs.data, train }`) once
 * kept a reference that worker threads reloaded the *original* data from. Now the arrays a stage
 * returns are what every consumer trains on; this pins it with the naive stage feeding a sweep in
 * worker threads and train.sgd in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineSpecInput, type SweepValue } from './index.js';
import { removeTempDirs, tempDir } from './test-specs.js';
import type { EpochMetrics } from '@mnist-ts/train';

afterAll(removeTempDirs);

const NAIVE = fileURLToPath(new URL('../fixtures/naive-mirror.js', import.meta.url));
// Worker threads run the built trainer (dist/), which the test task builds first.
const built = existsSync(fileURLToPath(new URL('../../train/dist/trial-worker.js', import.meta.url)));

const data = { id: 'mnist', type: 'data.mnist', params: { limit: 500, testLimit: 200 } };
const naive = { id: 'naive', type: 'naive.mirror', inputs: { data: 'mnist.datasets' } };
const shared = { epochs: 2, batchSize: 50, lr: 0.1 };

/** A one-trial sweep (H = 16) in one worker thread, on `from`'s datasets, 100 rows held out. */
function sweepSpec(from: 'mnist' | 'naive'): PipelineSpecInput {
  return {
    name: 'sweep', seed: 1, plugins: [NAIVE],
    stages: [data, naive, {
      id: 'sweep', type: 'train.sweep', inputs: { data: `${from}.datasets` },
      params: { search: { mode: 'grid', params: { hidden: [16] } }, ...shared, validation: 100, executor: 'threads', threads: 1 },
    }],
  };
}

/** The same trial as train.sgd in this thread: the same split, start, and settings. */
const sgdSpec: PipelineSpecInput = {
  name: 'sgd', seed: 1, plugins: [NAIVE],
  stages: [data, naive,
    { id: 'split', type: 'data.split', inputs: { data: 'naive.datasets' }, params: { validation: 100 } },
    { id: 'init', type: 'model.two-layer', params: { hidden: 16 } },
    { id: 'train', type: 'train.sgd', inputs: { data: 'split.datasets', model: 'init.model' }, params: { ...shared, finalTrainPass: false, previewUnits: 0 } },
  ],
};

describe.runIf(built)('a naive data stage feeding a sweep', () => {
  it('gives the same trial result as when it feeds train.sgd, and not the one of the original data', async () => {
    const sweep = (await runPipeline(sweepSpec('naive'), { outDir: tempDir() })).outputs.sweep!.sweep as SweepValue;
    const sgd = (await runPipeline(sgdSpec, { outDir: tempDir() })).outputs.train!.metrics as EpochMetrics[];
    const trial = sweep.trials[0]!;
    expect(trial.status).toBe('ok');
    expect(trial.valAcc).toBe(Math.max(...sgd.map((m) => m.valAcc!)));
    expect(trial.testAcc).toBe(sgd.at(-1)!.testAcc);
    // The check can fail: the original images give another result.
    const original = (await runPipeline(sweepSpec('mnist'), { outDir: tempDir() })).outputs.sweep!.sweep as SweepValue;
    expect(original.trials[0]!.valAcc).not.toBe(trial.valAcc);
  });
});
