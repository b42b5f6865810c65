/** Data stages: the real MNIST, IDX or CSV files, and a seeded train/validation split. */
import { z } from 'zod';
import { labelsFileFor, type Dataset } from '@mnist-ts/mnist-data';
import { holdOut, loadDataRef, type DataRef } from '@mnist-ts/train';
import { defineStage, type StageContext, type Datasets } from '@mnist-ts/pipeline-core';
import { seedParam } from './common.js';

const limits = {
  limit: z.int().positive().optional().meta({ description: 'Use only the first N training images' }),
  testLimit: z.int().positive().optional().meta({ description: 'Use only the first N test images' }),
};

const limitsOf = ({ limit, testLimit }: { limit?: number; testLimit?: number }) => ({ limit, testLimit });

function describeData(d: Datasets): string {
  const v = d.validation ? `, validation ${d.validation.count}` : '';
  return `train ${d.train.count}${v}, test ${d.test.count}`;
}

function load(ref: DataRef, context: StageContext): { datasets: Datasets } {
  const { train, test } = loadDataRef(ref);
  const datasets: Datasets = { train, test };
  context.log(`loaded ${describeData(datasets)}`);
  return { datasets };
}

export const dataMnist = defineStage({
  type: 'data.mnist',
  version: 1,
  description: 'The real MNIST: 60,000 training and 10,000 test images (optionally the first N of each)',
  params: z.strictObject(limits),
  outputs: { datasets: 'datasets' },
  run: ({ params, context }) => load({ kind: 'mnist', ...limitsOf(params) }, context),
});

const idxFiles = z.union([
  z.string().min(1).meta({ description: 'An *-images-idx3-ubyte file; its labels file is found beside it' }),
  z.strictObject({ images: z.string().min(1), labels: z.string().min(1) }),
]);

export const dataIdx = defineStage({
  type: 'data.idx',
  version: 1,
  description: 'IDX files (the original MNIST format, optionally .gz), paths relative to the spec file',
  params: z.strictObject({ train: idxFiles, test: idxFiles, ...limits }),
  outputs: { datasets: 'datasets' },
  run: ({ params, context }) => {
    const pair = (f: z.output<typeof idxFiles>) => {
      const images = context.resolvePath(typeof f === 'string' ? f : f.images);
      return { images, labels: typeof f === 'string' ? labelsFileFor(images) : context.resolvePath(f.labels) };
    };
    return load({ kind: 'idx', train: pair(params.train), test: pair(params.test), ...limitsOf(params) }, context);
  },
});

export const dataCsv = defineStage({
  type: 'data.csv',
  version: 1,
  description: 'CSV files, one image per row: label then 784 pixels (optionally .csv.gz)',
  params: z.strictObject({ train: z.string().min(1), test: z.string().min(1), ...limits }),
  outputs: { datasets: 'datasets' },
  run: ({ params, context }) => load({ kind: 'csv', train: context.resolvePath(params.train), test: context.resolvePath(params.test), ...limitsOf(params) }, context),
});

export const dataSplit = defineStage({
  type: 'data.split',
  version: 1,
  description: 'Holds a seeded validation part out of train (the test set is never touched)',
  params: z.strictObject({
    validation: z.number().positive().default(10_000).meta({ description: 'Rows (e.g. 10000) or a fraction of train (e.g. 0.1)' }),
    stratified: z.boolean().default(true).meta({ description: 'Keep each digit’s share the same in both parts' }),
    seed: seedParam,
  }),
  inputs: { data: 'datasets' },
  outputs: { datasets: 'datasets' },
  run: ({ params, inputs, context }) => {
    const { train, validation } = inputs.data.train.split(params.validation, { seed: params.seed ?? context.seed, stratified: params.stratified });
    const datasets: Datasets = { train, validation, test: inputs.data.test };
    context.log(`held out a validation part: ${describeData(datasets)}`);
    return { datasets };
  },
});

/** The part of a bundle an evaluation or figure reads. */
export function pick(data: Datasets, split: 'train' | 'test' | 'validation', stageId: string): Dataset {
  const ds = data[split];
  if (!ds) throw new Error(`the data has no ${split} part; hold one out with a data.split stage before "${stageId}"`);
  return ds;
}

/**
 * The bundle with a validation part: its own if it has one, else `rows` held out of train with
 * `seed` (0 rows: an empty validation part, train untouched).
 */
export function withValidation(data: Datasets, rows: number, seed: number): Required<Datasets> {
  if (data.validation) return { ...data, validation: data.validation };
  return rows === 0 ? { train: data.train, validation: data.train.take(0), test: data.test } : holdOut(data, rows, seed);
}
