/**
 * Seeded train/validation splits of row indices. Both parts come back in ascending row order, so a
 * split keeps the data set's own order and the randomness lives only in which rows go where.
 *   plain:      perm = new Rng(seed).permutation(count); validation = perm[0..v), train = the rest
 *   stratified: rows grouped by label (ascending); one Rng(seed) shuffles group 0, then 1, ..., 9;
 *               class c gives its first quota_c shuffled rows to validation, where quota_c is
 *               v·n_c/count rounded down, and the v - Σ floors rows left over go one each to the
 *               classes with the largest remainders v·n_c mod count (ties: the smaller label)
 */
import { Rng } from '@mnist-ts/tensor';

export interface SplitOptions {
  /** Seed of the split's Rng; the same seed gives the same split. */
  seed: number;
  /** Keep each class's share the same in both parts (up to one row per class). Default false. */
  stratified?: boolean;
}

export interface IndexSplit {
  train: Uint32Array;
  validation: Uint32Array;
}

/**
 * The number of validation rows: a fraction 0 < size < 1 of `count` (rounded to nearest), or a
 * whole number of rows 0..count (so 1 means one row, not all of them).
 */
export function validationSize(count: number, size: number): number {
  if (Number.isInteger(size) && size >= 0 && size <= count) return size;
  if (size > 0 && size < 1) return Math.round(count * size);
  throw new RangeError(
    `split: size must be a fraction between 0 and 1 or a whole number of rows 0..${count}, got ${size}`,
  );
}

/** Splits rows 0..labels.length-1 into train and validation; see the module comment for how. */
export function splitIndices(labels: Uint8Array, size: number, options: SplitOptions): IndexSplit {
  const count = labels.length;
  const v = validationSize(count, size);
  if (!Number.isFinite(options.seed)) throw new RangeError(`split: seed must be a finite number, got ${options.seed}`);
  const rng = new Rng(options.seed);
  const inValidation = new Uint8Array(count);
  if (options.stratified === true) {
    const groups = groupByLabel(labels);
    const quotas = apportion(v, groups.map((g) => g.length), count);
    groups.forEach((group, c) => {
      rng.shuffle(group);
      for (let k = 0; k < quotas[c]!; k++) inValidation[group[k]!] = 1;
    });
  } else {
    const perm = rng.permutation(count);
    for (let k = 0; k < v; k++) inValidation[perm[k]!] = 1;
  }
  const train = new Uint32Array(count - v);
  const validation = new Uint32Array(v);
  let t = 0;
  let s = 0;
  for (let i = 0; i < count; i++) {
    if (inValidation[i] === 1) validation[s++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}

function groupByLabel(labels: Uint8Array): Uint32Array[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = counts[label]! + 1;
  const groups = counts.map((n) => new Uint32Array(n));
  const filled = new Array<number>(10).fill(0);
  labels.forEach((label, i) => {
    groups[label]![filled[label]!++] = i;
  });
  return groups;
}

/**
 * Largest-remainder apportionment of `total` rows over classes of the given sizes, in integers:
 * quota_c = floor(total·n_c / count), then one more row each for the classes with the largest
 * remainders (total·n_c mod count), ties to the smaller label. Σ quota_c = total, quota_c <= n_c.
 */
function apportion(total: number, sizes: number[], count: number): number[] {
  if (count === 0) return sizes.map(() => 0);
  const remainders = sizes.map((n) => (total * n) % count);
  const quotas = sizes.map((n, c) => (total * n - remainders[c]!) / count);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const order = sizes.map((_, c) => c).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const c of order) {
    if (left === 0) break;
    quotas[c] = quotas[c]! + 1;
    left--;
  }
  return quotas;
}
