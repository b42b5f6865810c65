/**
 * The redraw plan from declared kinds alone, with toy stages: figure stages rerun, training
 * replaced by the loaders the caller names, a figure whose input no file holds left out. (The
 * built-in stages' plan and redraw: @mnist-ts/pipeline's runner.test.ts.)
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EpochMetrics } from '@mnist-ts/train';
import { createRegistry } from './registry.js';
import { loadRunSpec, runPipeline } from './runner.js';
import { defineStage } from './stage.js';
import { visualizeRun, visualizeStages, type RecordedReader } from './visualize.js';
import { removeTempDirs, tempDir } from './testing.js';

afterAll(removeTempDirs);

const none = z.strictObject({});
const metrics: EpochMetrics[] = [{ epoch: 1, lr: 0.1, trainLoss: 1, trainAcc: 0.5, testLoss: 1, testAcc: 0.5, seconds: 1, samplesPerSec: 1 }];
const stages = [
  defineStage({
    type: 'toy.train', version: 1, params: none, outputs: { metrics: 'metrics' },
    run: async ({ context }) => {
      await context.writeFile('log.json', JSON.stringify(metrics), 'log');
      return { metrics };
    },
  }),
  defineStage({ type: 'toy.load', version: 1, params: z.strictObject({ path: z.string() }), outputs: { metrics: 'metrics' }, run: ({ params }) => ({ metrics: JSON.parse(readFileSync(params.path, 'utf8')) as EpochMetrics[] }) }),
  defineStage({
    type: 'toy.curve', version: 1, params: none, inputs: { metrics: 'metrics' }, outputs: { figure: 'figure' },
    run: async ({ inputs, context }) => ({ figure: await context.writeFile('curve.txt', `epochs: ${inputs.metrics.length}`, 'figure') }),
  }),
  defineStage({ type: 'toy.sweep', version: 1, params: none, outputs: { sweep: 'sweep' }, run: () => ({ sweep: {} as never }) }),
  defineStage({ type: 'toy.sweep-chart', version: 1, params: none, inputs: { sweep: 'sweep' }, outputs: { figure: 'figure' }, run: () => ({ figure: 'never drawn' }) }),
];
const registry = createRegistry(stages);
const spec = {
  name: 'toy',
  stages: [
    { id: 'train', type: 'toy.train' }, { id: 'curve', type: 'toy.curve', inputs: { metrics: 'train.metrics' } },
    { id: 'sweep', type: 'toy.sweep' }, { id: 'chart', type: 'toy.sweep-chart', inputs: { sweep: 'sweep.sweep' } },
  ],
};
/** The run's metrics come back from log.json; an extra figure that no stage draws is redrawn from the files. */
const recorded: RecordedReader = (runDir) => ({
  stages: [{ id: 'load', type: 'toy.load', params: { path: join(runDir, 'log.json') } }],
  refs: { metrics: 'load.metrics' },
  figures: [{ path: 'extra.txt', data: new TextEncoder().encode('extra') }],
});

describe('visualize with the loaders its caller names', () => {
  it('plans from declared kinds, and redraws the figures from the run’s files without training', async () => {
    const run = await runPipeline(spec, { runDir: join(tempDir(), 'run'), registry });
    const loaded = await loadRunSpec(run.runDir, registry);
    const plan = visualizeStages(loaded.spec, registry, recorded(run.runDir, loaded.spec, registry));
    expect(plan.map((s) => `${s.id} ${JSON.stringify(s.inputs ?? {})}`)).toEqual(['load {}', 'curve {"metrics":"load.metrics"}']);
    rmSync(join(run.runDir, 'curve.txt'));
    const redrawn = await visualizeRun(run.runDir, { registry, recorded });
    expect(redrawn.files.map((f) => f.slice(run.runDir.length + 1))).toEqual(['extra.txt', 'curve.txt']);
    expect(readFileSync(join(run.runDir, 'curve.txt'), 'utf8')).toBe('epochs: 1');
    expect(existsSync(join(run.runDir, 'log.json'))).toBe(true);
  });

  it('without loaders, redraws only what needs no training', async () => {
    const run = await runPipeline(spec, { runDir: join(tempDir(), 'run'), registry });
    expect((await visualizeRun(run.runDir, { registry })).files).toEqual([]);
  });
});
