import { beforeAll, describe, expect, it } from 'vitest';
import { ByteMatrix } from '../../matrix.js';
import { CONFORMANCE_TOLERANCE } from '../../conformance.js';
import { referenceKernels } from '../reference.js';
import { Rng } from '../../random.js';
import { wasmSimdBackend } from './backend.js';

// The wasm affine-bytes kernels skip zero bytes and add offset·colsum once; the dense path
// normalises every pixel to float32 and multiplies it all (float64 sums, the reference matmul).
// On MNIST's sizes and sparsity the two must agree to float32 rounding, measured as
// conformance.ts measures: |got − want| / max(1, √(summed terms), |want|).
//
// Float32 rounding: the two paths differ only in where they round (float32 ulp 6e-8); observed
// 3e-8 on these shapes, so a few ulps. A 1% error in the offset term shows as 1e-5, so this
// bound (tighter than CONFORMANCE_TOLERANCE, 1e-4, which the suite uses for small shapes) still
// tells a right kernel from a wrong one; the last test checks that it does.
const FLOAT32_ROUNDING = 1e-6;
const SCALE = 0.99 / 255, OFFSET = 0.01;

function mnistLike(rng: Rng, n: number, zeros = 0.8): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (rng.next() >= zeros) p[i] = 1 + rng.int(255);
  return p;
}

function normal(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal() * 0.05;
  return a;
}

/** The largest |got − want| / max(1, √terms, |want|). */
function worst(got: Float32Array, want: Float32Array, terms: number): number {
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.sqrt(terms), Math.abs(want[i]!)));
  return w;
}

describe('wasm-simd sparse affine-bytes products equal the dense ones', () => {
  const kernels = wasmSimdBackend.kernels;
  beforeAll(async () => {
    await wasmSimdBackend.init!();
  });

  // 64 rows: a training batch; 300: crosses the 256-row blocks of affine_fwd; 512 columns: 21
  // panels of 24 columns and a last one of 8
  it.each([[64, 512, 784], [300, 512, 784]])('forward (offset + scale·P)·W, [%i,%i,%i]', (m, n, k) => {
    const rng = new Rng(7);
    const P = mnistLike(rng, m * k), W = normal(rng, k * n);
    const xDense = new ByteMatrix(m, k, P, SCALE, OFFSET).toMatrix().data;
    const dense = new Float32Array(m * n);
    referenceKernels.matmul(xDense, W, dense, m, n, k, false, false, 0);
    for (const heap of [false, true]) {
      const p = heap ? wasmSimdBackend.allocUint8!(m * k) : new Uint8Array(m * k);
      const w = heap ? wasmSimdBackend.allocFloat32!(k * n) : new Float32Array(k * n);
      const out = heap ? wasmSimdBackend.allocFloat32!(m * n) : new Float32Array(m * n);
      p.set(P);
      w.set(W);
      out.fill(NaN); // every element must be written
      kernels.affineBytesMatmul!(p, w, out, m, n, k, SCALE, OFFSET);
      expect(worst(out, dense, k)).toBeLessThan(FLOAT32_ROUNDING);
    }
  });

  // The forward's exact order, the one its bits have always had (however the kernel blocks
  // its loops): out[i,j] = offset·colsum_j + Σ_t s·p[i,t]·W[t,j] over the nonzero pixels t in
  // order, every operation rounded to float32, colsum_j summed over t in order from 0.
  function sequentialForward(P: Uint8Array, W: Float32Array, m: number, n: number, k: number, reverse = false): Float32Array {
    const f = Math.fround, out = new Float32Array(m * n), scale = f(SCALE), offset = f(OFFSET);
    const ts = [...Array(k).keys()];
    if (reverse) ts.reverse();
    for (let j = 0; j < n; j++) {
      let cs = 0;
      for (let t = 0; t < k; t++) cs = f(cs + W[t * n + j]!);
      cs = f(offset * cs);
      for (let i = 0; i < m; i++) {
        let acc = cs;
        for (const t of ts) if (P[i * k + t]) acc = f(acc + f(f(scale * P[i * k + t]!) * W[t * n + j]!));
        out[i * n + j] = acc;
      }
    }
    return out;
  }
  const differing = (a: Float32Array, b: Float32Array): number => a.reduce((c, v, i) => c + (Object.is(v, b[i]) ? 0 : 1), 0);

  // 50 columns: two 24-column panels and a last one of 2; 300 rows: two 256-row blocks
  it.each([[64, 512, 784], [300, 50, 784], [3, 7, 20]])('forward [%i,%i,%i] has the bits of the sequential float32 sum', (m, n, k) => {
    const rng = new Rng(11);
    const P = mnistLike(rng, m * k), W = normal(rng, k * n);
    const got = new Float32Array(m * n);
    kernels.affineBytesMatmul!(P, W, got, m, n, k, SCALE, OFFSET);
    expect(differing(got, sequentialForward(P, W, m, n, k))).toBe(0);
    // the check can fail: the same terms added in the reverse order round differently
    expect(differing(got, sequentialForward(P, W, m, n, k, true))).toBeGreaterThan(0);
  });

  it.each([0, 1])('backward (offset + scale·P)ᵀ·D + beta·out, [64,512,784], beta %i', (beta) => {
    const [m, n, k] = [64, 512, 784];
    const rng = new Rng(8);
    const P = mnistLike(rng, m * k), D = normal(rng, m * n), init = normal(rng, k * n);
    const xDense = new ByteMatrix(m, k, P, SCALE, OFFSET).toMatrix().data;
    const dense = init.slice();
    referenceKernels.matmul(xDense, D, dense, k, n, m, true, false, beta);
    const p = wasmSimdBackend.allocUint8!(m * k), d = wasmSimdBackend.allocFloat32!(m * n), out = wasmSimdBackend.allocFloat32!(k * n);
    p.set(P);
    d.set(D);
    out.set(init);
    kernels.affineBytesTransMatmul!(p, d, out, m, n, k, SCALE, OFFSET, beta);
    expect(worst(out, dense, m)).toBeLessThan(FLOAT32_ROUNDING);
  });

  it('the comparison can fail: a wrong offset is caught', () => {
    const [m, n, k] = [8, 64, 784];
    const rng = new Rng(9);
    const P = mnistLike(rng, m * k), W = normal(rng, k * n);
    const dense = new Float32Array(m * n), got = new Float32Array(m * n);
    referenceKernels.matmul(new ByteMatrix(m, k, P, SCALE, OFFSET).toMatrix().data, W, dense, m, n, k, false, false, 0);
    kernels.affineBytesMatmul!(P, W, got, m, n, k, SCALE, OFFSET * 1.01);
    expect(worst(got, dense, k)).toBeGreaterThan(FLOAT32_ROUNDING);
    expect(FLOAT32_ROUNDING).toBeLessThan(CONFORMANCE_TOLERANCE);
  });
});
