import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCsv, encodeIdxImages, encodeIdxLabels, loadMnist } from '@mnist-ts/mnist-data';
import type { TrainEvent } from '@mnist-ts/train';
import { runPipeline, type Datasets, type EvaluationValue } from '../index.js';
import { removeTempDirs, tempDir } from '../test-specs.js';

afterAll(removeTempDirs);

/** 120 real training and 40 test images written as files in `dir`. */
function writeFiles(dir: string) {
  const { train, test } = loadMnist();
  const [tr, te] = [train.take(120), test.take(40)];
  writeFileSync(join(dir, 'train.csv'), encodeCsv(tr));
  writeFileSync(join(dir, 'test.csv'), encodeCsv(te));
  writeFileSync(join(dir, 'tr-images-idx3-ubyte'), encodeIdxImages(tr.images));
  writeFileSync(join(dir, 'tr-labels-idx1-ubyte'), encodeIdxLabels(tr.labels));
  writeFileSync(join(dir, 'te-images-idx3-ubyte'), encodeIdxImages(te.images));
  writeFileSync(join(dir, 'te-labels-idx1-ubyte'), encodeIdxLabels(te.labels));
  return { tr, te };
}

const rest = [
  { id: 'split', type: 'data.split', params: { validation: 20 }, inputs: { data: 'files.datasets' } },
  { id: 'init', type: 'model.two-layer', params: { hidden: 4 } },
  { id: 'train', type: 'train.sgd', params: { epochs: 1, batchSize: 20 }, inputs: { data: 'split.datasets', model: 'init.model' } },
  { id: 'eval', type: 'eval.accuracy', params: { split: 'validation' }, inputs: { data: 'split.datasets', model: 'train.model' } },
];

describe('data stages', () => {
  it.each([
    ['data.csv', { train: 'train.csv', test: 'test.csv' }],
    ['data.idx', { train: 'tr-images-idx3-ubyte', test: { images: 'te-images-idx3-ubyte', labels: 'te-labels-idx1-ubyte' } }],
  ])('%s reads files relative to the spec, and data.split holds out validation rows', async (type, params) => {
    const dir = tempDir();
    const { tr, te } = writeFiles(dir);
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ name: 'files', stages: [{ id: 'files', type, params: { ...params, limit: 100 } }, ...rest] }));
    const events: TrainEvent[] = [];
    const run = await runPipeline(specFile, { runDir: join(dir, 'run'), emit: (e) => events.push(e) });
    const files = run.outputs.files!.datasets as Datasets;
    expect([files.train.count, files.test.count]).toEqual([100, 40]);
    expect(files.train.images).toEqual(tr.images.subarray(0, 100 * 784));
    expect(files.test.labels).toEqual(te.labels);
    const split = run.outputs.split!.datasets as Datasets;
    expect([split.train.count, split.validation?.count, split.test.count]).toEqual([80, 20, 40]);
    expect((run.outputs.eval!.evaluation as EvaluationValue).n).toBe(20);
    expect(events).toContainEqual({ type: 'log', message: 'split: held out a validation part: train 80, validation 20, test 40' });
  });
});
