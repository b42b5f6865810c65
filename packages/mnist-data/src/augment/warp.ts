/**
 * Bilinear resampling of one 28×28 uint8 image through a source map, with zeros outside.
 *
 * Output pixel (x, y) takes the value at the source point
 *   sx = a·(x − c) + b·(y − c) + c + tx + fx(x, y)
 *   sy = d·(x − c) + e·(y − c) + c + ty + fy(x, y),   c = 13.5 (the image centre)
 * i.e. an inverse affine map plus a displacement field (Simard's elastic distortion moves pixel
 * (x, y) to where the field points). Bilinear: with x0 = ⌊sx⌋, y0 = ⌊sy⌋, u = sx − x0, v = sy − y0,
 *   value = (1−v)·[(1−u)·P(x0,y0) + u·P(x0+1,y0)] + v·[(1−u)·P(x0,y0+1) + u·P(x0+1,y0+1)]
 * where P is 0 off the image; the result is rounded to the nearest integer. The identity map
 * reads every pixel at u = v = 0, so it returns the image exactly.
 */
import { IMAGE_COLS as N } from '../shape.js';

/** The centre the affine part turns and scales about (between pixels 13 and 14). */
export const CENTRE = (N - 1) / 2;

/** The inverse affine part of a source map: source = [[a, b], [d, e]]·(p − c) + c + (tx, ty). */
export interface InverseAffine {
  a: number;
  b: number;
  d: number;
  e: number;
  tx: number;
  ty: number;
}

export const IDENTITY: Readonly<InverseAffine> = Object.freeze({ a: 1, b: 0, d: 0, e: 1, tx: 0, ty: 0 });

/** The displacement part: fx = sxSign·fieldX, fy = sySign·fieldY (784 values each). */
export interface Displacement {
  fieldX: Float32Array;
  fieldY: Float32Array;
  signX: number;
  signY: number;
}

const PAD = N + 2;
const ZERO_FIELD = new Float32Array(N * N);
const NO_DISPLACEMENT: Displacement = { fieldX: ZERO_FIELD, fieldY: ZERO_FIELD, signX: 0, signY: 0 };

/**
 * A resampler with its own scratch: a copy of the source with a one-pixel border of zeros, so the
 * four neighbours of a source point are in range without a branch. A source point whose four
 * neighbours all lie outside the ink's bounding box reads 0 without interpolating (most of the
 * border of an MNIST digit is blank).
 */
export class Warper {
  private readonly padded = new Uint8Array(PAD * PAD);

  /**
   * Writes image `src[srcOff .. srcOff + 784)` seen through the map into `dst[dstOff ..)`.
   * Without a displacement only the affine part applies.
   */
  warp(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, m: InverseAffine, disp: Displacement = NO_DISPLACEMENT): void {
    const P = this.padded;
    // Copy into the padded buffer and find the ink's bounding box [x1, x2] × [y1, y2].
    let x1 = N;
    let x2 = -1;
    let y1 = N;
    let y2 = -1;
    for (let y = 0; y < N; y++) {
      const row = srcOff + y * N;
      const prow = (y + 1) * PAD + 1;
      for (let x = 0; x < N; x++) {
        const v = src[row + x]!;
        P[prow + x] = v;
        if (v !== 0) {
          if (x < x1) x1 = x;
          if (x > x2) x2 = x;
          if (y < y1) y1 = y;
          y2 = y;
        }
      }
    }
    // A point reads some ink only if x1 − 1 < sx < x2 + 1 and likewise for y.
    const loX = x1 - 1;
    const hiX = x2 + 1;
    const loY = y1 - 1;
    const hiY = y2 + 1;
    const { fieldX, fieldY, signX, signY } = disp;
    const { a, b, d, e } = m;
    for (let y = 0; y < N; y++) {
      const ry = y - CENTRE;
      // Source point of (0, y); each step in x adds (a, d).
      let bx = -CENTRE * a + b * ry + CENTRE + m.tx;
      let by = -CENTRE * d + e * ry + CENTRE + m.ty;
      for (let x = 0; x < N; x++, bx += a, by += d) {
        const p = y * N + x;
        const sx = bx + signX * fieldX[p]!;
        const sy = by + signY * fieldY[p]!;
        if (!(sx > loX && sx < hiX && sy > loY && sy < hiY)) {
          dst[dstOff + p] = 0;
          continue;
        }
        // sx > −1 here, so truncating sx + 1 is ⌊sx⌋ + 1: the padded column of x0.
        const cx = (sx + 1) | 0;
        const cy = (sy + 1) | 0;
        const u = sx + 1 - cx;
        const v = sy + 1 - cy;
        const i = cy * PAD + cx;
        const p00 = P[i]!;
        const p10 = P[i + 1]!;
        const p01 = P[i + PAD]!;
        const p11 = P[i + PAD + 1]!;
        const top = p00 + u * (p10 - p00);
        const bottom = p01 + u * (p11 - p01);
        dst[dstOff + p] = (top + v * (bottom - top) + 0.5) | 0;
      }
    }
  }
}
