import type { Backend, Kernels } from '../kernels.js';
import { composedAffineBytesSgd } from './composed.js';
import { referenceKernels } from './reference.js';

/**
 * Plain TypeScript, written for V8: loops ordered so the innermost one walks contiguous memory
 * (i-k-j for A·B), float32 accumulation into the output row, and zero bytes skipped in the
 * affine-bytes kernels (about 80% of MNIST pixels are 0). No set-up, so it is always available.
 */
function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, beta: number): void {
  if (beta === 0) out.fill(0, 0, m * n);
  if (transB) {
    // out[i,j] += Σ_t A[i,t]·B[j,t]: a dot product of two contiguous rows (when A is not transposed)
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bo = j * k;
        if (transA) for (let t = 0; t < k; t++) s += a[t * m + i]! * b[bo + t]!;
        else {
          const ao = i * k;
          for (let t = 0; t < k; t++) s += a[ao + t]! * b[bo + t]!;
        }
        out[i * n + j]! += s;
      }
    }
    return;
  }
  // out[i,:] += A[i,t] · B[t,:] — the row of B is contiguous, as is the row of out
  for (let i = 0; i < m; i++) {
    const oo = i * n;
    for (let t = 0; t < k; t++) {
      const av = transA ? a[t * m + i]! : a[i * k + t]!;
      if (av === 0) continue;
      const bo = t * n;
      for (let j = 0; j < n; j++) out[oo + j]! += av * b[bo + j]!;
    }
  }
}

function affineBytesMatmul(p: Uint8Array, w: Float32Array, out: Float32Array, m: number, n: number, k: number, scale: number, offset: number): void {
  // (offset + scale·P)·W = offset·colsum(W) (the same for every row) + scale·(P·W)
  const base = new Float32Array(n);
  for (let t = 0; t < k; t++) for (let j = 0; j < n; j++) base[j]! += w[t * n + j]!;
  for (let i = 0; i < m; i++) {
    const oo = i * n;
    for (let j = 0; j < n; j++) out[oo + j] = offset * base[j]!;
    for (let t = 0; t < k; t++) {
      const pv = p[i * k + t]!;
      if (pv === 0) continue;
      const sv = scale * pv;
      const wo = t * n;
      for (let j = 0; j < n; j++) out[oo + j]! += sv * w[wo + j]!;
    }
  }
}

function affineBytesTransMatmul(p: Uint8Array, d: Float32Array, out: Float32Array, m: number, n: number, k: number, scale: number, offset: number, beta: number): void {
  // (offset + scale·P)ᵀ·D = offset·(1ᵀ colsum(D) for every row t) + scale·(Pᵀ·D)
  const base = new Float32Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) base[j]! += d[i * n + j]!;
  for (let t = 0; t < k; t++) {
    const oo = t * n;
    if (beta === 0) for (let j = 0; j < n; j++) out[oo + j] = offset * base[j]!;
    else for (let j = 0; j < n; j++) out[oo + j]! += offset * base[j]!;
  }
  for (let i = 0; i < m; i++) {
    const doff = i * n;
    for (let t = 0; t < k; t++) {
      const pv = p[i * k + t]!;
      if (pv === 0) continue;
      const sv = scale * pv;
      const oo = t * n;
      for (let j = 0; j < n; j++) out[oo + j]! += sv * d[doff + j]!;
    }
  }
}

export const jsKernels: Kernels = {
  ...referenceKernels,
  matmul,
  affineBytesMatmul,
  affineBytesTransMatmul,
  affineBytesSgd: composedAffineBytesSgd({ ...referenceKernels, affineBytesTransMatmul }),
};

export const jsBackend: Backend = { name: 'js', priority: 10, kernels: jsKernels };
