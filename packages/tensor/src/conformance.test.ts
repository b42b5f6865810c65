import { describe, expect, it } from 'vitest';
import { checkBackend, EDGE_SHAPES, type Shape3 } from './conformance.js';
import { listBackends } from './registry.js';
import { jsBackend } from './backends/js.js';
import type { Backend } from './kernels.js';

// The suite is written once and runs on every registered backend (backends/index.ts), against the reference.
const MORE_SHAPES: Shape3[] = [...EDGE_SHAPES, [64, 512, 784].map((x) => Math.ceil(x / 8)) as Shape3, [3, 129, 257], [65, 17, 96]];

describe.each(listBackends().map((b) => [b.name, b] as const))('backend %s conforms to the reference', (_name, backend) => {
  it('on every kernel, edge and odd shapes', async () => {
    await backend.init?.();
    expect(checkBackend(backend, MORE_SHAPES, 2)).toEqual([]);
  });
});

describe('the conformance check can fail', () => {
  it('reports a wrong kernel', () => {
    const broken: Backend = {
      name: 'broken',
      priority: -1,
      kernels: { ...jsBackend.kernels, relu: (a, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]!); } },
    };
    const problems = checkBackend(broken, [[2, 3, 4]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^relu \[2,3\]: element \d+: got/);
  });

  it('reports a matmul that ignores the transpose flag, and a missing kernel by name', () => {
    const { affineBytesMatmul: _omit, ...rest } = jsBackend.kernels;
    const broken: Backend = {
      name: 'sloppy',
      priority: -1,
      kernels: { ...rest, matmul: (a, b, out, m, n, k, _ta, tb, beta) => jsBackend.kernels.matmul!(a, b, out, m, n, k, false, tb, beta) },
    };
    const problems = checkBackend(broken, [[3, 4, 5]]);
    expect(problems.some((p) => p.startsWith('matmul Aᵀ·B'))).toBe(true);
    expect(problems).toContain('kernel affineBytesMatmul not registered for backend sloppy');
  });

  it('reports a fused SGD step that is close to the reference but not the unfused bits', () => {
    const fused = jsBackend.kernels.affineBytesSgd!;
    const broken: Backend = {
      name: 'one-ulp',
      priority: -1,
      kernels: {
        ...jsBackend.kernels,
        affineBytesSgd: (p, d, w, m, n, k, scale, offset, gradScale, decay, lr) => {
          const sumSq = fused(p, d, w, m, n, k, scale, offset, gradScale, decay, lr);
          w[0] = w[0]! * (1 + 2 ** -23); // one unit in the last place: within every tolerance
          return sumSq;
        },
      },
    };
    const problems = checkBackend(broken, [[5, 9, 13]]);
    expect(problems).toEqual([expect.stringMatching(/^affineBytesSgd \[5,9,13\]: element 0: .* but the unfused step gives .* \(must be bit-identical\)$/)]);
  });
});
