/**
 * Random affine distortions: rotation, scale, shear and translation drawn uniformly from ranges.
 * The forward map moves a digit's point p to q = M·(p − c) + c + t with
 *   M = R(θ)·Sh(φ)·s,  R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]],  Sh(φ) = [[1, tan φ], [0, 1]]
 * and the resampler needs its inverse, p = M⁻¹·(q − c) + c − M⁻¹·t (y points down, so a
 * positive θ turns the digit clockwise on screen).
 */
import type { Rng } from '@mnist-ts/tensor';
import type { InverseAffine } from './warp.js';

/** Half-widths of the uniform ranges; 0 (the default) leaves that part out. */
export interface AffineRange {
  /** Rotation θ ∈ [−rotate, rotate] degrees. */
  rotate?: number;
  /** Scale s ∈ [1 − scale, 1 + scale] (the same for both axes). */
  scale?: number;
  /** Horizontal shear φ ∈ [−shear, shear] degrees. */
  shear?: number;
  /** Translation tx, ty ∈ [−translate, translate] pixels each. */
  translate?: number;
}

/** One drawn distortion, in the units of its range. */
export interface AffineDraw {
  rotate: number;
  scale: number;
  shear: number;
  tx: number;
  ty: number;
}

const RAD = Math.PI / 180;

/** Draws one distortion: always five uniforms in this order, so the stream does not depend on which ranges are 0. */
export function drawAffine(rng: Rng, range: AffineRange): AffineDraw {
  const sym = (h = 0) => (2 * rng.next() - 1) * h;
  return { rotate: sym(range.rotate), scale: 1 + sym(range.scale), shear: sym(range.shear), tx: sym(range.translate), ty: sym(range.translate) };
}

/** The inverse map the resampler reads (see the file comment). */
export function inverseAffine(t: AffineDraw, out: InverseAffine = { a: 1, b: 0, d: 0, e: 1, tx: 0, ty: 0 }): InverseAffine {
  const cos = Math.cos(t.rotate * RAD);
  const sin = Math.sin(t.rotate * RAD);
  const sh = Math.tan(t.shear * RAD);
  // M = R·Sh·s = s·[[cos, cos·sh − sin], [sin, sin·sh + cos]]
  const m00 = t.scale * cos;
  const m01 = t.scale * (cos * sh - sin);
  const m10 = t.scale * sin;
  const m11 = t.scale * (sin * sh + cos);
  const det = m00 * m11 - m01 * m10; // = s² (rotation and shear keep area)
  out.a = m11 / det;
  out.b = -m01 / det;
  out.d = -m10 / det;
  out.e = m00 / det;
  out.tx = -(out.a * t.tx + out.b * t.ty);
  out.ty = -(out.d * t.tx + out.e * t.ty);
  return out;
}

/** Problems with a range, as sentences naming the field (empty when it is fine). */
export function affineRangeProblems(range: AffineRange): string[] {
  const problems: string[] = [];
  const check = (name: keyof AffineRange, max: number, unit: string) => {
    const v = range[name];
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0 || v > max) problems.push(`affine.${name}: expected 0..${max} ${unit}, received ${v}`);
  };
  check('rotate', 180, 'degrees');
  check('scale', 0.9, '(a fraction)');
  check('shear', 80, 'degrees');
  check('translate', 28, 'pixels');
  return problems;
}
