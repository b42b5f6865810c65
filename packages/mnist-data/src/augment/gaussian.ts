/**
 * Separable Gaussian smoothing of a small 2-D field, with the boundary handled like scipy's
 * `ndimage.gaussian_filter` (mode 'reflect': d c b a | a b c d | d c b a, truncate 4), so an
 * independent numpy/scipy script can serve as the golden (see fixtures/make_augment_golden.py).
 *
 *   g[k] = exp(−k² / 2σ²) / Σ_j exp(−j² / 2σ²),  k = −r..r,  r = floor(4σ + 0.5)
 *   out = g ⊛ (g ⊛ field along x) along y
 */

/** The normalised 1-D kernel: `2r + 1` taps, r = floor(truncate·σ + 0.5) as in scipy. */
export function gaussianKernel(sigma: number, truncate = 4): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianKernel: sigma must be a number > 0, got ${sigma}`);
  const r = Math.floor(truncate * sigma + 0.5);
  const g = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += g[k + r] = Math.exp((-k * k) / (2 * sigma * sigma));
  for (let k = 0; k < g.length; k++) g[k]! /= sum;
  return g;
}

/** Where index i (possibly outside 0..n−1) reads from under 'reflect' (the edge sample repeats). */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - 1 - m;
  return m;
}

/**
 * Precomputed taps for one length n: for output index i and tap k, the input index it reads.
 * Built once per (n, kernel) so the inner loop has no boundary branches.
 */
export function reflectTable(n: number, radius: number): Int32Array {
  const width = 2 * radius + 1;
  const t = new Int32Array(n * width);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) t[i * width + k] = reflectIndex(i + k - radius, n);
  return t;
}

/** A reusable smoother for `rows × cols` fields: out = Gaussian(σ) ⊛ field, 'reflect' edges. */
export class GaussianSmoother {
  readonly kernel: Float64Array;
  private readonly radius: number;
  private readonly colTaps: Int32Array;
  private readonly rowTaps: Int32Array;
  private readonly tmp: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly sigma: number,
  ) {
    this.kernel = gaussianKernel(sigma);
    this.radius = (this.kernel.length - 1) / 2;
    this.colTaps = reflectTable(cols, this.radius);
    this.rowTaps = reflectTable(rows, this.radius);
    this.tmp = new Float64Array(rows * cols);
  }

  /** Smooths `field` (rows·cols values, row-major) into `out`; they may not be the same array. */
  smooth(field: ArrayLike<number>, out: Float32Array | Float64Array): void {
    const { rows, cols, kernel, tmp, colTaps, rowTaps } = this;
    const w = kernel.length;
    for (let y = 0; y < rows; y++) {
      const base = y * cols;
      for (let x = 0; x < cols; x++) {
        let s = 0;
        const t = x * w;
        for (let k = 0; k < w; k++) s += kernel[k]! * field[base + colTaps[t + k]!]!;
        tmp[base + x] = s;
      }
    }
    for (let y = 0; y < rows; y++) {
      const t = y * w;
      for (let x = 0; x < cols; x++) {
        let s = 0;
        for (let k = 0; k < w; k++) s += kernel[k]! * tmp[rowTaps[t + k]! * cols + x]!;
        out[y * cols + x] = s;
      }
    }
  }
}
