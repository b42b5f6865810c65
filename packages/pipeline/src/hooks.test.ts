import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readMetrics, type TrainEvent } from '@mnist-ts/train';
import { createRegistry, runPipeline, defineStage, validateSpec } from './index.js';
import { rejection, removeTempDirs, tempDir, tinySpec, training } from './test-specs.js';

afterAll(removeTempDirs);

/** A stage that declares an epoch transform: every image shifted one pixel right, each epoch. */
const shift = defineStage({
  type: 'test.shift',
  version: 1,
  params: z.strictObject({}),
  outputs: { hooks: 'hooks' },
  run: () => ({
    hooks: {
      name: 'test.shift',
      epochImages: ({ images, count, out }) => {
        for (let i = 0; i < count * 784; i++) out[i] = i % 28 === 0 ? 0 : images[i - 1]!;
      },
    },
  }),
});

/** A stage that declares an epoch-end callback: adds `gap` and stops after `after` epochs. */
const stopper = defineStage({
  type: 'test.stop',
  version: 1,
  params: z.strictObject({ after: z.int().positive() }),
  outputs: { hooks: 'hooks' },
  run: ({ params }) => ({
    hooks: {
      epochEnd: ({ epoch, metrics }) => ({ metrics: { gap: metrics.trainAcc - metrics.testAcc }, stop: epoch >= params.after && `stopped at ${epoch}` }),
    },
  }),
});

const registry = () => createRegistry().use([shift, stopper], 'test');

/** tinySpec with the two hook stages wired into train.sgd, for `epochs` epochs. */
function specWithHooks(epochs: number, hooks: string | string[]) {
  const spec = tinySpec('hooks');
  spec.stages.unshift({ id: 'shift', type: 'test.shift' }, { id: 'stop', type: 'test.stop', params: { after: 2 } });
  const trainStage = spec.stages.find((s) => s.type === 'train.sgd')!;
  trainStage.params = { ...trainStage.params, epochs };
  trainStage.inputs = { ...trainStage.inputs, hooks };
  return spec;
}

describe('stages that act during training (the hooks kind)', () => {
  it('train.sgd runs the hooks its `hooks` input lists: added metrics reach metrics.jsonl, events and the report', async () => {
    const events: TrainEvent[] = [];
    const run = await runPipeline(specWithHooks(4, ['shift.hooks', 'stop.hooks']), { outDir: tempDir(), registry: registry(), emit: (e) => events.push(e) });
    const lines = readMetrics(join(run.runDir, 'metrics.jsonl')) as unknown as Record<string, number>[];
    expect(lines).toHaveLength(2); // stopped after 2 of 4 epochs
    expect(lines.every((m) => typeof m.gap === 'number')).toBe(true);
    expect(events.filter((e) => e.type === 'epoch:end').every((e) => e.type === 'epoch:end' && 'gap' in e.metrics)).toBe(true);
    expect(events).toContainEqual({ type: 'log', message: 'stopped after epoch 2 of 4: stopped at 2' });
    expect(training(run)?.epochs).toBe(2);
    expect(readFileSync(join(run.runDir, 'report.html'), 'utf8')).toContain('<th>gap</th>'); // a column of the metrics table
  });

  it('a single reference is a list of one; hooks change the model (shifted images train other weights)', async () => {
    const plain = await runPipeline(tinySpec('plain'), { outDir: tempDir() });
    const shifted = await runPipeline(specWithHooks(2, 'shift.hooks'), { outDir: tempDir(), registry: registry() });
    expect(training(shifted)?.testAcc).not.toBe(training(plain)?.testAcc);
  });

  it('a hooks input wired to another kind is refused before anything runs', async () => {
    const spec = specWithHooks(2, ['shift.hooks', 'init.model']);
    const e = await rejection(validateSpec(spec, { registry: registry() }));
    expect(e.message).toMatchInlineSnapshot(`"spec "hooks": stages[4].inputs.hooks (train.sgd): expected hooks, received "init.model" (kind model)"`);
  });
});
