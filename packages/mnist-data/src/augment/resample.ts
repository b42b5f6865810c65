/**
 * augmentImages in two steps: draw each image's distortion (the random part, in a fixed order
 * from the seed), then resample the images through them (the arithmetic). The distortions of a
 * chunk of images sit in a table, one row per image, so the arithmetic is handed plain numbers
 * and may live in WebAssembly. `AugmentKernels` is that arithmetic (smoothing the elastic fields
 * and resampling): `WasmKernels` (warp-fast.ts, what augmentImages uses) or `ReferenceKernels`
 * below (the readable `GaussianSmoother` and `Warper`: the spec the fast ones are tested
 * against). Both give the same bytes.
 */
import type { Rng } from '@mnist-ts/tensor';
import { FEATURES } from '../shape.js';
import { drawAffine, inverseAffine, type AffineRange } from './affine.js';
import type { ElasticBank, FieldChoice } from './elastic.js';
import { GaussianSmoother } from './gaussian.js';
import { applyInkBudget } from './ink.js';
import { IMAGE_COLS, IMAGE_ROWS } from '../shape.js';
import { IDENTITY, Warper, type Displacement, type InverseAffine } from './warp.js';

/**
 * Row layout of a distortion table (float64): the inverse affine map a, b, d, e, tx, ty (see
 * warp.ts), then the elastic fields' indices in the bank and their signs (−1 for the indices and
 * 0 for the signs when there is no elastic part).
 */
export const Col = { a: 0, b: 1, d: 2, e: 3, tx: 4, ty: 5, fieldX: 6, fieldY: 7, signX: 8, signY: 9 } as const;
export const DISTORTION_COLS = 10;

/**
 * Fills rows 0..n−1 of `table` with the next n images' distortions. Per image, in this order:
 * five uniforms for the affine part (when it is on), then three draws for the elastic pair (when
 * there is a bank).
 */
export function drawDistortions(rng: Rng, affine: AffineRange | undefined, bank: ElasticBank | null, n: number, table: Float64Array): void {
  const m: InverseAffine = { ...IDENTITY };
  const choice: FieldChoice = { x: -1, y: -1, signX: 0, signY: 0 };
  for (let k = 0; k < n; k++) {
    if (affine) inverseAffine(drawAffine(rng, affine), m);
    if (bank) bank.choose(rng, choice);
    const r = k * DISTORTION_COLS;
    table[r + Col.a] = m.a;
    table[r + Col.b] = m.b;
    table[r + Col.d] = m.d;
    table[r + Col.e] = m.e;
    table[r + Col.tx] = m.tx;
    table[r + Col.ty] = m.ty;
    table[r + Col.fieldX] = choice.x;
    table[r + Col.fieldY] = choice.y;
    table[r + Col.signX] = choice.signX;
    table[r + Col.signY] = choice.signY;
  }
}

/** Smooths one 28×28 field (see gaussian.ts). */
export interface Smoother {
  smooth(field: ArrayLike<number>, out: Float32Array | Float64Array): void;
}

/** The arithmetic of augmentImages. */
export interface AugmentKernels {
  /** A smoother for the elastic fields (Gaussian of width σ, 'reflect' edges). */
  smoother(sigma: number): Smoother;
  /** Takes the epoch's bank of fields (null: no elastic part); called before `warp`. */
  prepare(bank: ElasticBank | null): void;
  /**
   * Images start..start+n−1 of `images` through table rows 0..n−1, into the same rows of `out`;
   * with `inkBudget`, each then keeps at most its original's count of nonzero pixels (ink.ts).
   */
  warp(images: Uint8Array, out: Uint8Array, start: number, n: number, table: Float64Array, inkBudget?: boolean): void;
}

/** The spec, in JavaScript: `GaussianSmoother`, and `Warper.warp` (then `applyInkBudget`) once per image. */
export class ReferenceKernels implements AugmentKernels {
  private readonly warper = new Warper();
  private bank: ElasticBank | null = null;
  private readonly m: InverseAffine = { ...IDENTITY };
  private readonly zero = new Float32Array(FEATURES);
  private readonly disp: Displacement = { fieldX: this.zero, fieldY: this.zero, signX: 0, signY: 0 };
  private readonly hist = new Int32Array(256);

  smoother(sigma: number): Smoother {
    return new GaussianSmoother(IMAGE_ROWS, IMAGE_COLS, sigma);
  }

  prepare(bank: ElasticBank | null): void {
    this.bank = bank;
  }

  warp(images: Uint8Array, out: Uint8Array, start: number, n: number, table: Float64Array, inkBudget = false): void {
    const { m, disp, bank } = this;
    for (let k = 0; k < n; k++) {
      const r = k * DISTORTION_COLS;
      m.a = table[r + Col.a]!;
      m.b = table[r + Col.b]!;
      m.d = table[r + Col.d]!;
      m.e = table[r + Col.e]!;
      m.tx = table[r + Col.tx]!;
      m.ty = table[r + Col.ty]!;
      disp.fieldX = bank ? bank.fieldAt(table[r + Col.fieldX]!) : this.zero;
      disp.fieldY = bank ? bank.fieldAt(table[r + Col.fieldY]!) : this.zero;
      disp.signX = table[r + Col.signX]!;
      disp.signY = table[r + Col.signY]!;
      const at = (start + k) * FEATURES;
      this.warper.warp(images, at, out, at, m, disp);
      if (inkBudget) applyInkBudget(images, at, out, at, this.hist);
    }
  }
}
