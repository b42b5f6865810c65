import type { Kernels } from '../kernels.js';

/**
 * affineBytesSgd built from the backend's own kernels, in the order the contract names
 * (kernels.ts): Σ W² first, then G = (offset + scale·P)ᵀ·D, G ← decay·W + gradScale·G,
 * W ← W − lr·G. Backends without a fused version use this one; G is a scratch buffer kept for
 * the next call (grown, never shrunk), the only memory a kernel here holds on to.
 */
export function composedAffineBytesSgd(kernels: Pick<Kernels, 'affineBytesTransMatmul' | 'axpby' | 'dot'>): Kernels['affineBytesSgd'] {
  let g = new Float32Array(0);
  return (p, d, w, m, n, k, scale, offset, gradScale, decay, lr) => {
    const size = k * n;
    if (g.length < size) g = new Float32Array(size);
    const sumSq = kernels.dot(w, w, size);
    kernels.affineBytesTransMatmul(p, d, g, m, n, k, scale, offset, 0);
    kernels.axpby(decay, w, gradScale, g, size);
    kernels.axpby(-lr, g, 1, w, size);
    return sumSq;
  };
}
