/**
 * Augments a whole set of images at once: the pure function an epoch transform calls (in a
 * worker thread or not). Its output depends only on (images, options, seed), so a resumed run
 * rebuilds an epoch's images byte for byte from the same seed.
 *
 * Per image, in this order: five uniforms for the affine part (when it is on), then three draws
 * for the elastic pair (when it is on); the elastic bank is drawn first. One resampling applies
 * both parts, so an image is interpolated once, not once per part.
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
}

/** Every problem with the options, as sentences naming the field (empty when they are fine). */
export function augmentProblems(o: AugmentOptions): string[] {
  return [...(o.affine ? affineRangeProblems(o.affine) : []), ...(o.elastic ? elasticProblems(o.elastic) : [])];
}

let fast: WasmKernels | undefined;

/**
 * Writes `count` augmented images into `out` (count·784 bytes), image i from image i of `images`.
 * Throws a RangeError naming the first bad option or buffer. `kernels` does the arithmetic: the
 * WebAssembly ones unless given (`ReferenceKernels` give the same bytes, slower: they are the spec).
 */
export function augmentImages(images: Uint8Array, count: number, out: Uint8Array, options: AugmentOptions, seed: number, kernels?: AugmentKernels): void {
  const problems = augmentProblems(options);
  if (problems.length > 0) throw new RangeError(`augmentImages: ${problems.join('; ')}`);
  if (images.length < count * FEATURES || out.length < count * FEATURES) {
    throw new RangeError(`augmentImages: ${count} images need ${count * FEATURES} bytes; images has ${images.length}, out has ${out.length}`);
  }
  const k = kernels ?? (fast ??= new WasmKernels());
  const rng = new Rng(seed);
  const bank = options.elastic ? new ElasticBank(options.elastic, k.smoother(options.elastic.sigma)) : null;
  bank?.refill(rng);
  k.prepare(bank);
  const table = new Float64Array(CHUNK * DISTORTION_COLS);
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    drawDistortions(rng, options.affine, bank, n, table);
    k.warp(images, out, start, n, table);
  }
}
