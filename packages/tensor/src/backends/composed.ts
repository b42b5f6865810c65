import type { Kernels } from '../kernels.js';

/**
 * affineBytesSgd built from the backend's own kernels, in the order the contract names
 * (kernels.ts): Σ W² first, then G = (offset + scale·P)ᵀ·D, G ← decay·W + gradScale·G,
 * W ← W − lr·G. Backends without a fused version use this one; G is a scratch buffer kept for
 * the next call (grown, never shrunk), the only memory a kernel here holds on to.
 */
export function composedAffineBytesSgd(k: Pick<Kernels, 'affineBytesTransMatmul' | 'axpby' | 'dot'>): Kernels['affineBytesSgd'] {
  let g = new Float32Array(0);
  return (p, d, w, m, n, kk, scale, offset, gradScale, decay, lr) => {
    const size = kk * n;
    if (g.length < size) g = new Float32Array(size);
    const sumSq = k.dot(w, w, size);
    k.affineBytesTransMatmul(p, d, g, m, n, kk, scale, offset, 0);
    k.axpby(decay, w, gradScale, g, size);
    k.axpby(-lr, g, 1, w, size);
    return sumSq;
  };
}
