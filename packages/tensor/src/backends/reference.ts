import type { Backend, Kernels } from '../kernels.js';
import { composedAffineBytesSgd } from './composed.js';

/**
 * The naive reference backend: the living definition of every kernel, written for clarity, with
 * float64 accumulation. Every other backend is compared with it by the conformance suite.
 */
const plain: Omit<Kernels, 'affineBytesSgd'> = {
  matmul(a, b, out, m, n, k, transA, transB, beta) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) {
          const av = transA ? a[t * m + i]! : a[i * k + t]!;
          const bv = transB ? b[j * k + t]! : b[t * n + j]!;
          s += av * bv;
        }
        out[i * n + j] = beta === 0 ? s : s + beta * out[i * n + j]!;
      }
    }
  },
  affineBytesMatmul(p, w, out, m, n, k, scale, offset) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) s += (offset + scale * p[i * k + t]!) * w[t * n + j]!;
        out[i * n + j] = s;
      }
    }
  },
  affineBytesTransMatmul(p, d, out, m, n, k, scale, offset, beta) {
    for (let t = 0; t < k; t++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += (offset + scale * p[i * k + t]!) * d[i * n + j]!;
        out[t * n + j] = beta === 0 ? s : s + beta * out[t * n + j]!;
      }
    }
  },
  addRowVector(a, v, out, rows, cols) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * cols + j]! + v[j]!;
  },
  colSums(a, out, rows, cols) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += a[i * cols + j]!;
      out[j] = s;
    }
  },
  relu(a, out, n) {
    for (let i = 0; i < n; i++) out[i] = a[i]! > 0 ? a[i]! : 0;
  },
  reluGrad(g, z, out, n) {
    for (let i = 0; i < n; i++) out[i] = z[i]! > 0 ? g[i]! : 0;
  },
  softmaxRows(a, out, rows, cols) {
    for (let i = 0; i < rows; i++) {
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, a[i * cols + j]!);
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(a[i * cols + j]! - max);
      for (let j = 0; j < cols; j++) out[i * cols + j] = Math.exp(a[i * cols + j]! - max) / sum;
    }
  },
  axpby(alpha, x, beta, y, n) {
    // beta = 0 overwrites y (even a NaN there), as BLAS does.
    if (beta === 0) for (let i = 0; i < n; i++) y[i] = alpha * x[i]!;
    else for (let i = 0; i < n; i++) y[i] = alpha * x[i]! + beta * y[i]!;
  },
  dot(a, b, n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  },
  argmaxRows(a, out, rows, cols) {
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < cols; j++) if (a[i * cols + j]! > a[i * cols + best]!) best = j;
      out[i] = best;
    }
  },
};

export const referenceKernels: Kernels = { ...plain, affineBytesSgd: composedAffineBytesSgd(plain) };

export const referenceBackend: Backend = { name: 'reference', priority: 0, kernels: referenceKernels };
