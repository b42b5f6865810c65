/**
 * The ink budget (`inkBudget: true` in augmentImages' options): a distorted digit keeps at most as
 * many inked (nonzero) pixels as its original; the faintest go.
 *
 * Why: bilinear resampling smears every stroke's edge over a ring of faint pixels. 25.2% of the
 * pixels of pipelines/beyond.json's distorted digits are nonzero against 19.1% of the originals
 * (still 21.5% counting only values ≥ 16/255), and the first layer's kernels skip zero pixels, so
 * an epoch on smeared digits costs about 1.2× one on the originals however cheaply they are made.
 *
 * The rule, per image: n0 = the original's nonzero pixels; t = the smallest value in 1..255 with
 * #{p : out[p] ≥ t} ≤ n0, or 255 if there is none (every full-ink pixel stays); pixels below t
 * become 0. A distorted digit with no more nonzero pixels than its original has t = 1: unchanged.
 * Pixels tied at the cut go together, so a digit may keep a few fewer than n0.
 */
import { FEATURES } from '../shape.js';

/** Applies the budget of image `src[srcOff ..]` to its distortion `dst[dstOff ..]`; `hist`: 256 ints of scratch. */
export function applyInkBudget(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, hist = new Int32Array(256)): void {
  hist.fill(0);
  let n0 = 0;
  for (let p = 0; p < FEATURES; p++) {
    if (src[srcOff + p] !== 0) n0++;
    hist[dst[dstOff + p]!]!++;
  }
  // kept = #{p : out[p] ≥ t}; lower t while that stays within the budget.
  let t = 256;
  let kept = 0;
  while (t > 1 && kept + hist[t - 1]! <= n0) kept += hist[--t]!;
  t = Math.min(t, 255);
  if (t === 1) return;
  for (let p = dstOff, end = dstOff + FEATURES; p < end; p++) if (dst[p]! < t) dst[p] = 0;
}
