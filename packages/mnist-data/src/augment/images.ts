/**
 * Augments a whole set of images at once: the pure function an epoch transform calls (in a
 * worker thread or not). Its output depends only on (images, options, seed), so a resumed run
 * rebuilds an epoch's images byte for byte from the same seed.
 *
 * Per image, in this order: five uniforms for the affine part (when it is on), then three draws
 * for the elastic pair (when it is on); the elastic bank is drawn first. One resampling applies
 * both parts, so an image is interpolated once, not once per part; the ink budget (ink.ts), when
 * asked for, follows it.
 */
import { Rng } from '@mnist-ts/tensor';
import { FEATURES } from '../shape.js';
import { affineRangeProblems, type AffineRange } from './affine.js';
import { ElasticBank, elasticProblems, type ElasticOptions } from './elastic.js';
import { DISTORTION_COLS, drawDistortions, type AugmentKernels } from './resample.js';
import { CHUNK, WasmKernels } from './warp-fast.js';

export interface AugmentOptions {
  affine?: AffineRange;
  elastic?: ElasticOptions;
  /** Each distorted digit keeps at most its original's count of nonzero pixels (ink.ts; default false). */
  inkBudget?: boolean;
}

/** Every problem with the options, as sentences naming the field (empty when they are fine). */
export function augmentProblems(o: AugmentOptions): string[] {
  const budget = o.inkBudget === undefined || typeof o.inkBudget === 'boolean' ? [] : [`inkBudget: expected true or false, received ${JSON.stringify(o.inkBudget)}`];
  return [...(o.affine ? affineRangeProblems(o.affine) : []), ...(o.elastic ? elasticProblems(o.elastic) : []), ...budget];
}

/** How augmentImages runs (none of it changes the bytes). */
export interface AugmentRun {
  /** The arithmetic: WasmKernels unless given (`ReferenceKernels` give the same bytes, slower: they are the spec). */
  kernels?: AugmentKernels;
  /**
   * Write only images from..to − 1 (default all). Every image's distortion is still drawn, so
   * each written image has the bytes a whole call gives it: calls on disjoint ranges, in
   * parallel, together make the whole call's output.
   */
  from?: number;
  to?: number;
}

let fast: WasmKernels | undefined;

/**
 * Writes `count` augmented images into `out` (count·784 bytes), image i from image i of `images`.
 * Throws a RangeError naming the first bad option or buffer.
 */
export function augmentImages(images: Uint8Array, count: number, out: Uint8Array, options: AugmentOptions, seed: number, run: AugmentRun = {}): void {
  const problems = augmentProblems(options);
  if (problems.length > 0) throw new RangeError(`augmentImages: ${problems.join('; ')}`);
  if (images.length < count * FEATURES || out.length < count * FEATURES) {
    throw new RangeError(`augmentImages: ${count} images need ${count * FEATURES} bytes; images has ${images.length}, out has ${out.length}`);
  }
  const from = run.from ?? 0;
  const to = run.to ?? count;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > count) {
    throw new RangeError(`augmentImages: from, to must be integers with 0 <= from <= to <= count (${count}); received ${from}, ${to}`);
  }
  const k = run.kernels ?? (fast ??= new WasmKernels());
  const rng = new Rng(seed);
  const bank = options.elastic ? new ElasticBank(options.elastic, k.smoother(options.elastic.sigma)) : null;
  bank?.refill(rng);
  k.prepare(bank);
  const table = new Float64Array(CHUNK * DISTORTION_COLS);
  for (let start = 0; start < to; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    drawDistortions(rng, options.affine, bank, n, table);
    const a = Math.max(start, from);
    const b = Math.min(start + n, to);
    if (a < b) k.warp(images, out, a, b - a, table.subarray((a - start) * DISTORTION_COLS), options.inkBudget === true);
  }
}
