import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '@mnist-ts/nn';
import type { TrainEvent } from '@mnist-ts/train';
import { outputsOfKind, resumePipeline, runPipeline, validateSpec, type PipelineRun } from '../index.js';
import { rejection, removeTempDirs, tempDir, tinySpec } from '../test-specs.js';

afterAll(removeTempDirs);

/** tinySpec (500 images, H = 16) with an augmentation stage wired into train.sgd's hooks. */
function augmentedSpec(stage: { type: string; params?: Record<string, unknown> }, epochs = 2) {
  const spec = tinySpec('augmented');
  spec.stages.unshift({ id: 'augment', ...stage });
  const trainStage = spec.stages.find((s) => s.type === 'train.sgd')!;
  trainStage.params = { ...trainStage.params, epochs };
  trainStage.inputs = { ...trainStage.inputs, hooks: 'augment.hooks' };
  return spec;
}

const elastic = { type: 'augment.elastic', params: { alpha: 20, sigma: 4, fields: 16, affine: { rotate: 10 } } };

describe('augment.affine and augment.elastic', () => {
  it('train on distorted images (other weights than plain training) and draw figures/augmented.png into the report', async () => {
    const plain = await runPipeline(tinySpec('plain'), { outDir: tempDir() });
    for (const stage of [{ type: 'augment.affine' }, elastic]) {
      const run = await runPipeline(augmentedSpec(stage), { outDir: tempDir() });
      expect(testAcc(run), stage.type).not.toBe(testAcc(plain));
      const figure = join(run.runDir, 'figures', 'augmented.png');
      expect(existsSync(figure)).toBe(true);
      expect(readFileSync(figure).subarray(1, 4).toString()).toBe('PNG');
      expect(readFileSync(join(run.runDir, 'report.html'), 'utf8')).toContain('augmented');
    }
  });

  it('a run stopped after epoch 1 and resumed ends with the same weights as an unbroken one', async () => {
    const dir = join(tempDir(), 'run');
    const controller = new AbortController();
    const stopAfterEpoch1 = (e: TrainEvent) => {
      if (e.type === 'epoch:end') controller.abort();
    };
    const stopped = await runPipeline(augmentedSpec(elastic, 3), { runDir: dir, signal: controller.signal, emit: stopAfterEpoch1 });
    expect(stopped.interrupted).toBe(true);
    await resumePipeline(dir);
    const unbroken = await runPipeline(augmentedSpec(elastic, 3), { runDir: join(tempDir(), 'run') });
    const a = loadModel(join(dir, 'model.safetensors')).net;
    const b = loadModel(join(unbroken.runDir, 'model.safetensors')).net;
    expect(a.W1.data).toEqual(b.W1.data);
    expect(a.W2.data).toEqual(b.W2.data);
    // ...and differs from a run with another seed (the comparison can fail).
    const other = augmentedSpec(elastic, 3);
    other.seed = 99;
    const c = loadModel(join((await runPipeline(other, { runDir: join(tempDir(), 'run') })).runDir, 'model.safetensors')).net;
    expect(c.W1.data).not.toEqual(b.W1.data);
  });

  it('train.sgd sends each epoch a few digits as the augmentation made them (epoch:samples), a plain run none', async () => {
    const events: TrainEvent[] = [];
    await runPipeline(augmentedSpec(elastic, 2), { outDir: tempDir(), emit: (e) => events.push(e) });
    const samples = events.filter((e) => e.type === 'epoch:samples');
    expect(samples.map((s) => [s.epoch, s.images.length, s.originals.length])).toEqual([[1, 8, 8], [2, 8, 8]]);
    const [first, second] = samples;
    expect(second!.rows).toEqual(first!.rows);
    expect(second!.originals).toEqual(first!.originals);
    expect(first!.images).not.toEqual(first!.originals); // distorted...
    expect(second!.images).not.toEqual(first!.images); // ...afresh each epoch
    const plain: TrainEvent[] = [];
    await runPipeline(tinySpec('plain'), { outDir: tempDir(), emit: (e) => plain.push(e) });
    expect(plain.filter((e) => e.type === 'epoch:samples')).toEqual([]);
    expect(plain.filter((e) => e.type === 'epoch:end')).toHaveLength(2);
  });

  it('allocates its shared buffers once per run, not once per epoch (the 2.4 GB peak RSS of beyond.json)', async () => {
    // The data's images are not a SharedArrayBuffer (an IDX file's bytes after its header), so the
    // augmentation thread shares a copy of them with its worker. That copy used to be made again
    // every epoch: 47 MB an epoch on the real MNIST, 2.4 GB of peak RSS over beyond.json's 240.
    const twoEpochs = await sharedBuffersDuring(() => runPipeline(augmentedSpec(elastic, 2), { outDir: tempDir() }));
    const fiveEpochs = await sharedBuffersDuring(() => runPipeline(augmentedSpec(elastic, 5), { outDir: tempDir() }));
    // the trainer's two output buffers and the one shared copy of the images (500 × 784 bytes each)
    expect(twoEpochs).toEqual({ count: 3, bytes: 3 * 500 * 784 });
    expect(fiveEpochs).toEqual(twoEpochs);
  });

  it('refuses out-of-range params before anything runs, naming each', async () => {
    const spec = augmentedSpec({ type: 'augment.elastic', params: { alpha: -1, sigma: 4, affine: { rotate: 400 } } });
    const e = await rejection(validateSpec(spec));
    expect(e.message).toMatchInlineSnapshot(`
      "spec "augmented" is invalid: 2 problems
        stages[0].params.alpha (augment.elastic): expected a number >= 0, received -1
        stages[0].params.affine.rotate (augment.elastic): expected a number <= 180, received 400"
    `);
  });
});

/** How many SharedArrayBuffers (and bytes) `f` creates, counted through a Proxy of the constructor. */
async function sharedBuffersDuring(f: () => Promise<unknown>): Promise<{ count: number; bytes: number }> {
  const Real = globalThis.SharedArrayBuffer;
  const seen = { count: 0, bytes: 0 };
  globalThis.SharedArrayBuffer = new Proxy(Real, {
    construct(target, args: [number]) {
      seen.count++;
      seen.bytes += args[0];
      return Reflect.construct(target, args);
    },
  });
  try {
    await f();
  } finally {
    globalThis.SharedArrayBuffer = Real;
  }
  return seen;
}

/** The trained model's test accuracy: the last `model` output's training summary. */
function testAcc(run: PipelineRun): number | undefined {
  return outputsOfKind(run, 'model').at(-1)?.training?.testAcc;
}
