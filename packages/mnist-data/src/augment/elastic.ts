/**
 * Simard, Steinkraus & Platt (2003), §2: elastic distortion. Draw a field of uniform values in
 * [−1, 1] per pixel, for x and for y; smooth each with a Gaussian of width σ; scale by α. Pixel
 * (x, y) of the distorted image then takes the value at (x + Δx, y + Δy), found bilinearly.
 *
 * Smoothing costs 2·784·(8σ + 1) multiply-adds per field (about 50k for σ = 4), far more than the
 * resampling itself, so an epoch does not smooth 2 fields for each of its 60k images. It draws a
 * bank of `fields` such fields (each exactly as above), and gives each image two different ones,
 * for x and for y, each with a random sign. The fields are i.i.d. and symmetric, so each image's
 * pair has exactly Simard's distribution; images of one epoch share fields, not pairs (a bank of
 * 512 gives 512·511·4 ≈ 1M pairs for 60k images), and the bank is drawn again every epoch.
 */
import type { Rng } from '@mnist-ts/tensor';
import { FEATURES, IMAGE_COLS, IMAGE_ROWS } from '../shape.js';
import { GaussianSmoother } from './gaussian.js';
import type { Smoother } from './resample.js';
import type { Displacement } from './warp.js';

export interface ElasticOptions {
  /** Scale of the smoothed field, in pixels (Simard: 34). */
  alpha: number;
  /** Width of the Gaussian smoothing, in pixels (Simard: 4). */
  sigma: number;
  /** Fields drawn per epoch (default 512). */
  fields?: number;
}

export const DEFAULT_FIELDS = 512;

/** One smoothed, scaled field: uniform [−1, 1] per pixel, Gaussian(σ) with 'reflect' edges, times α. */
export function elasticField(rng: Rng, smoother: Smoother, alpha: number, noise: Float64Array, out: Float32Array): void {
  for (let i = 0; i < noise.length; i++) noise[i] = 2 * rng.next() - 1;
  smoother.smooth(noise, out);
  for (let i = 0; i < out.length; i++) out[i]! *= alpha;
}

/** The epoch's bank of fields and the way an image picks its pair. */
export class ElasticBank {
  readonly size: number;
  private readonly data: Float32Array;
  private readonly views: Float32Array[];
  private readonly noise = new Float64Array(FEATURES);
  private readonly choice: FieldChoice = { x: 0, y: 1, signX: 1, signY: 1 };

  /** `smoother` defaults to the spec's (GaussianSmoother); it must give the same values. */
  constructor(
    readonly options: ElasticOptions,
    private readonly smoother: Smoother = new GaussianSmoother(IMAGE_ROWS, IMAGE_COLS, options.sigma),
  ) {
    this.size = options.fields ?? DEFAULT_FIELDS;
    this.data = new Float32Array(this.size * FEATURES);
    this.views = Array.from({ length: this.size }, (_, k) => this.data.subarray(k * FEATURES, (k + 1) * FEATURES));
  }

  /** Draws every field of the bank afresh. */
  refill(rng: Rng): void {
    for (const f of this.views) elasticField(rng, this.smoother, this.options.alpha, this.noise, f);
  }

  /** Field k of the bank (a view, in pixels). */
  fieldAt(k: number): Float32Array {
    return this.views[k]!;
  }

  /** The whole bank: field k is values[k·784 .. (k + 1)·784). */
  get values(): Float32Array {
    return this.data;
  }

  /** Two different fields (x, y) by index, and their signs: three draws from `rng`. */
  choose(rng: Rng, out: FieldChoice): FieldChoice {
    const i = rng.int(this.size);
    let j = rng.int(this.size - 1);
    if (j >= i) j++;
    const signs = rng.nextU32();
    out.x = i;
    out.y = j;
    out.signX = signs & 1 ? -1 : 1;
    out.signY = signs & 2 ? -1 : 1;
    return out;
  }

  /** The same draws as `choose`, as views of the two fields. */
  pick(rng: Rng, out: Displacement): Displacement {
    const c = this.choose(rng, this.choice);
    out.fieldX = this.views[c.x]!;
    out.fieldY = this.views[c.y]!;
    out.signX = c.signX;
    out.signY = c.signY;
    return out;
  }
}

/** An image's pair of fields, by their index in the bank, with signs ±1. */
export interface FieldChoice {
  x: number;
  y: number;
  signX: number;
  signY: number;
}

/** Problems with the options, as sentences naming the field (empty when they are fine). */
export function elasticProblems(o: ElasticOptions): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(o.alpha) || o.alpha < 0 || o.alpha > 100) problems.push(`elastic.alpha: expected 0..100 pixels, received ${o.alpha}`);
  if (!Number.isFinite(o.sigma) || o.sigma <= 0 || o.sigma > 20) problems.push(`elastic.sigma: expected a number in (0, 20] pixels, received ${o.sigma}`);
  if (o.fields !== undefined && (!Number.isInteger(o.fields) || o.fields < 2 || o.fields > 100_000)) {
    problems.push(`elastic.fields: expected an integer 2..100000, received ${o.fields}`);
  }
  return problems;
}
