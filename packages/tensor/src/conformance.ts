import type { Backend, KernelName } from './kernels.js';
import { KERNEL_NAMES } from './kernels.js';
import { referenceKernels } from './backends/reference.js';
import { Rng } from './random.js';

/**
 * The conformance check, written once for every backend: run each kernel on random inputs of the
 * given shapes and compare with the reference. Used by the test suite (many shapes, edge sizes)
 * and by `setBackend('auto')` (a few small shapes) so a wrong backend is never selected.
 */

/** float32 kernels vs the float64-accumulating reference: relative to the size of the terms. */
export const CONFORMANCE_TOLERANCE = 1e-4;

export type Shape3 = [m: number, n: number, k: number];

export const EDGE_SHAPES: Shape3[] = [
  [1, 1, 1], [1, 7, 3], [3, 1, 5], [2, 3, 1], [5, 9, 13], [17, 33, 7], [8, 16, 4], [31, 10, 65], [64, 10, 37], [9, 130, 29],
];

function rand(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

function bytes(rng: Rng, n: number): Uint8Array {
  // Mostly zeros, like MNIST, so sparse paths are exercised alongside dense ones.
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() < 0.7 ? 0 : rng.int(256);
  return a;
}

function compare(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: number, scaleOf: number): string | null {
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!(Math.abs(g - w) <= tol * Math.max(1, scaleOf, Math.abs(w)))) return `${name}: element ${i}: got ${g}, reference ${w}`;
  }
  return null;
}

type Case = (backend: Backend, rng: Rng, shape: Shape3) => string | null;

const cases: Record<KernelName, Case> = {
  matmul: (b, rng, [m, n, k]) => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const beta of [0, 1]) {
        const A = rand(rng, m * k), B = rand(rng, k * n), init = rand(rng, m * n);
        const want = init.slice(), got = init.slice();
        referenceKernels.matmul(A, B, want, m, n, k, ta, tb, beta);
        b.kernels.matmul!(A, B, got, m, n, k, ta, tb, beta);
        const err = compare(`matmul ${ta ? 'Aᵀ' : 'A'}·${tb ? 'Bᵀ' : 'B'} beta=${beta} [${m},${n},${k}]`, got, want, CONFORMANCE_TOLERANCE, Math.sqrt(k));
        if (err) return err;
      }
    }
    return null;
  },
  affineBytesMatmul: (b, rng, [m, n, k]) => {
    const P = bytes(rng, m * k), W = rand(rng, k * n);
    const want = new Float32Array(m * n), got = new Float32Array(m * n).fill(NaN);
    referenceKernels.affineBytesMatmul(P, W, want, m, n, k, 0.99 / 255, 0.01);
    b.kernels.affineBytesMatmul!(P, W, got, m, n, k, 0.99 / 255, 0.01);
    return compare(`affineBytesMatmul [${m},${n},${k}]`, got, want, CONFORMANCE_TOLERANCE, Math.sqrt(k));
  },
  affineBytesTransMatmul: (b, rng, [m, n, k]) => {
    for (const beta of [0, 1]) {
      const P = bytes(rng, m * k), D = rand(rng, m * n), init = rand(rng, k * n);
      const want = init.slice(), got = init.slice();
      referenceKernels.affineBytesTransMatmul(P, D, want, m, n, k, 0.99 / 255, 0.01, beta);
      b.kernels.affineBytesTransMatmul!(P, D, got, m, n, k, 0.99 / 255, 0.01, beta);
      const err = compare(`affineBytesTransMatmul beta=${beta} [${m},${n},${k}]`, got, want, CONFORMANCE_TOLERANCE, Math.sqrt(m));
      if (err) return err;
    }
    return null;
  },
  affineBytesSgd: (b, rng, [m, n, k]) => {
    const P = bytes(rng, m * k), D = rand(rng, m * n), W = rand(rng, k * n);
    const args = [m, n, k, 0.99 / 255, 0.01, 1 / Math.max(m, 1), 0.05, 0.3] as const; // a large decay, so its term shows
    const want = W.slice(), got = W.slice();
    const wantSq = referenceKernels.affineBytesSgd(P, D, want, ...args);
    const gotSq = b.kernels.affineBytesSgd!(P, D, got, ...args);
    const err = compare(`affineBytesSgd [${m},${n},${k}]`, got, want, CONFORMANCE_TOLERANCE, Math.sqrt(m)) ??
      compare(`affineBytesSgd's Σ W² [${m},${n},${k}]`, [gotSq], [wantSq], CONFORMANCE_TOLERANCE, Math.sqrt(k * n));
    if (err || !b.kernels.affineBytesTransMatmul || !b.kernels.axpby) return err;
    // the contract: the very bits of this backend's own unfused step
    const G = new Float32Array(k * n), unfused = W.slice();
    b.kernels.affineBytesTransMatmul(P, D, G, m, n, k, 0.99 / 255, 0.01, 0);
    b.kernels.axpby(0.05, unfused, args[5], G, k * n);
    b.kernels.axpby(-0.3, G, 1, unfused, k * n);
    const i = got.findIndex((v, j) => !Object.is(v, unfused[j]));
    return i < 0 ? null : `affineBytesSgd [${m},${n},${k}]: element ${i}: ${got[i]}, but the unfused step gives ${unfused[i]} (must be bit-identical)`;
  },
  addRowVector: (b, rng, [m, n]) => {
    const A = rand(rng, m * n), v = rand(rng, n), want = new Float32Array(m * n), got = new Float32Array(m * n);
    referenceKernels.addRowVector(A, v, want, m, n);
    b.kernels.addRowVector!(A, v, got, m, n);
    return compare(`addRowVector [${m},${n}]`, got, want, 1e-6, 1);
  },
  colSums: (b, rng, [m, n]) => {
    const A = rand(rng, m * n), want = new Float32Array(n), got = new Float32Array(n);
    referenceKernels.colSums(A, want, m, n);
    b.kernels.colSums!(A, got, m, n);
    return compare(`colSums [${m},${n}]`, got, want, CONFORMANCE_TOLERANCE, Math.sqrt(m));
  },
  relu: (b, rng, [m, n]) => {
    const A = rand(rng, m * n), want = new Float32Array(m * n), got = new Float32Array(m * n);
    referenceKernels.relu(A, want, m * n);
    b.kernels.relu!(A, got, m * n);
    return compare(`relu [${m},${n}]`, got, want, 0, 1);
  },
  reluGrad: (b, rng, [m, n]) => {
    const G = rand(rng, m * n), Z = rand(rng, m * n), want = new Float32Array(m * n), got = new Float32Array(m * n);
    referenceKernels.reluGrad(G, Z, want, m * n);
    b.kernels.reluGrad!(G, Z, got, m * n);
    return compare(`reluGrad [${m},${n}]`, got, want, 0, 1);
  },
  softmaxRows: (b, rng, [m, n]) => {
    const A = rand(rng, m * n).map((x) => x * 50), want = new Float32Array(m * n), got = new Float32Array(m * n);
    referenceKernels.softmaxRows(A, want, m, n);
    b.kernels.softmaxRows!(A, got, m, n);
    return compare(`softmaxRows [${m},${n}]`, got, want, 1e-5, 1);
  },
  axpby: (b, rng, [m, n]) => {
    const X = rand(rng, m * n), Y = rand(rng, m * n), want = Y.slice(), got = Y.slice();
    referenceKernels.axpby(0.3, X, 0.9, want, m * n);
    b.kernels.axpby!(0.3, X, 0.9, got, m * n);
    return compare(`axpby [${m},${n}]`, got, want, 1e-6, 1);
  },
  dot: (b, rng, [m, n, k]) => {
    const len = m * n * k;
    const X = rand(rng, len), Y = rand(rng, len);
    const want = referenceKernels.dot(X, Y, len);
    return compare(`dot [${len}]`, [b.kernels.dot!(X, Y, len)], [want], CONFORMANCE_TOLERANCE, Math.sqrt(len));
  },
  argmaxRows: (b, rng, [m, n]) => {
    const A = rand(rng, m * n), want = new Int32Array(m), got = new Int32Array(m);
    referenceKernels.argmaxRows(A, want, m, n);
    b.kernels.argmaxRows!(A, got, m, n);
    return compare(`argmaxRows [${m},${n}]`, got, want, 0, 1);
  },
};

/** Every mismatch (or missing kernel) of `backend` against the reference on the given shapes. */
export function checkBackend(backend: Backend, shapes: Shape3[] = EDGE_SHAPES, seed = 1): string[] {
  const problems: string[] = [];
  const rng = new Rng(seed);
  for (const name of KERNEL_NAMES) {
    if (!backend.kernels[name]) {
      problems.push(`kernel ${name} not registered for backend ${backend.name}`);
      continue;
    }
    for (const shape of shapes) {
      const err = cases[name](backend, rng, shape);
      if (err) {
        problems.push(err);
        break;
      }
    }
  }
  return problems;
}

/** The quick check `setBackend('auto')` runs: a few small and odd shapes. */
export const QUICK_SHAPES: Shape3[] = [[1, 1, 1], [5, 9, 13], [17, 33, 70], [64, 10, 37]];
