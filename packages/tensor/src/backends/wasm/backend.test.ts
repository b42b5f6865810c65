import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBackend, EDGE_SHAPES, type Shape3 } from '../../conformance.js';
import type { Backend, Kernels } from '../../kernels.js';
import { referenceKernels } from '../reference.js';
import { createWasmBackend, wasmSimdBackend } from './backend.js';

// conformance.test.ts runs the suite on wasm-simd and wasm-simd-mt with plain arrays (so every
// call stages them into the heap) and on small shapes (so no call is split across threads).
// These cover the other two paths: arrays that already live in the heap, and the helper thread.
const SHAPES: Shape3[] = [...EDGE_SHAPES, [64, 64, 98], [3, 129, 257], [65, 17, 96], [64, 512, 100]];

/** The backend with every array argument first copied into its own heap (so kernels take the no-copy path). */
function inHeap(b: Backend): Backend {
  const kernels: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(b.kernels) as [string, (...args: unknown[]) => unknown][]) {
    kernels[name] = (...args: unknown[]) => {
      const copies = new Map<unknown, Float32Array | Uint8Array>();
      const moved = args.map((a) => {
        if (!(a instanceof Float32Array || a instanceof Uint8Array)) return a;
        const c = copies.get(a) ?? (a instanceof Float32Array ? b.allocFloat32!(a.length) : b.allocUint8!(a.length));
        c.set(a);
        copies.set(a, c);
        return c;
      });
      const result = f(...moved);
      for (const [orig, c] of copies) (orig as Float32Array).set(c);
      return result;
    };
  }
  return { ...b, name: `${b.name} (heap arrays)`, kernels: kernels as Partial<Kernels> };
}

describe('wasm-simd on arrays in its heap', () => {
  beforeAll(async () => {
    await wasmSimdBackend.init!();
  });

  it('conforms on every kernel', () => {
    expect(checkBackend(inHeap(wasmSimdBackend), SHAPES, 3)).toEqual([]);
  });

  it('conforms on empty shapes (k = 0 still writes the output)', () => {
    expect(checkBackend(wasmSimdBackend, [[0, 3, 2], [2, 0, 3], [2, 3, 0]], 3)).toEqual([]);
  });

  it('hands out zeroed, 16-byte-aligned views that stay valid when the memory grows', () => {
    const a = wasmSimdBackend.allocFloat32!(1000);
    const p = wasmSimdBackend.allocUint8!(7);
    expect(a.every((x) => x === 0) && p.every((x) => x === 0)).toBe(true);
    expect([a.byteOffset % 16, p.byteOffset % 16]).toEqual([0, 0]);
    a.fill(2);
    const big = wasmSimdBackend.allocFloat32!(8 << 20); // 32 MiB: the memory grows
    expect(big.buffer).not.toBe(a.buffer);
    wasmSimdBackend.kernels.axpby!(1, a, 1, a, 1000); // old view, still in the heap: no copy
    expect(a[999]).toBe(4);
  });

  it('runs in place (out = a) on heap and plain arrays alike', () => {
    for (const a of [wasmSimdBackend.allocFloat32!(11), new Float32Array(11)]) {
      a.set([-3, -2, -1, 0, 1, 2, 3, 4, 5, -6, 7]);
      wasmSimdBackend.kernels.relu!(a, a, 11);
      wasmSimdBackend.kernels.addRowVector!(a, Float32Array.of(1), a, 11, 1);
      expect(Array.from(a)).toEqual([1, 1, 1, 1, 2, 3, 4, 5, 6, 1, 8]);
    }
  });

  it('computes softmaxRows with exactly the reference\'s bits (one exp per element, not two)', () => {
    const [rows, cols] = [64, 10];
    const a = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.3) * 40);
    const want = new Float32Array(rows * cols), got = new Float32Array(rows * cols);
    referenceKernels.softmaxRows(a, want, rows, cols);
    wasmSimdBackend.kernels.softmaxRows!(a, got, rows, cols);
    expect([...new Uint32Array(got.buffer)]).toEqual([...new Uint32Array(want.buffer)]);
  });

  it('matches the reference on a strided view into the middle of a heap array', () => {
    const store = wasmSimdBackend.allocFloat32!(40);
    for (let i = 0; i < 40; i++) store[i] = i - 20;
    const view = store.subarray(5, 5 + 3 * 5); // 3×5, not 16-byte aligned
    const want = new Float32Array(5), got = new Float32Array(5);
    referenceKernels.colSums(view, want, 3, 5);
    wasmSimdBackend.kernels.colSums!(view, got, 3, 5);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});

describe('wasm-simd-mt with every call split across the two threads', () => {
  // the forward of 100 rows or more is cut by rows, of fewer by columns
  const always = createWasmBackend({ name: 'wasm-simd-mt (always split)', priority: -1, threads: true, parallel: { minAffineWork: 0, minAxpby: 0, minMatmulWork: 0, minAffineRows: 100, adaptive: false } });
  beforeAll(async () => {
    await always.init!();
    await wasmSimdBackend.init!();
  });
  afterAll(async () => {
    await always.dispose!();
  });

  it('conforms on every kernel, staged and heap arrays', () => {
    expect(checkBackend(always, SHAPES, 4)).toEqual([]);
    expect(checkBackend(inHeap(always), SHAPES, 5)).toEqual([]);
  });

  it('gives every output, and the fused step its Σ W², the bits of one thread', () => {
    // Determinism: the same seed must give the same bytes whether or not the governor split a
    // call, so a split may change which thread computes a value, never how it is rounded.
    const [m, n, k] = [64, 512, 100];
    const bytes = Uint8Array.from({ length: m * k }, (_, i) => ((i * 7919) % 5 === 0 ? (i * 31) % 256 : 0));
    const d = Float32Array.from({ length: m * n }, (_, i) => Math.sin(i) * 0.1);
    const w0 = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i) * 0.05);
    const run = (b: Backend) => {
      const w = w0.slice(), fwd = new Float32Array(m * n), bwd = new Float32Array(k * n);
      const sumSq = b.kernels.affineBytesSgd!(bytes, d, w, m, n, k, 0.99 / 255, 0.01, 1 / m, 1e-4 / m, 0.1);
      b.kernels.affineBytesMatmul!(bytes, w, fwd, m, n, k, 0.99 / 255, 0.01);
      b.kernels.affineBytesTransMatmul!(bytes, d, bwd, m, n, k, 0.99 / 255, 0.01, 0);
      // 3·m rows: the forward cut by rows (the evaluation's shape)
      const many = new Uint8Array(3 * m * k).map((_, i) => bytes[i % (m * k)]! ^ (i >= m * k && bytes[i % (m * k)] ? 1 : 0));
      const rows = new Float32Array(3 * m * n);
      b.kernels.affineBytesMatmul!(many, w, rows, 3 * m, n, k, 0.99 / 255, 0.01);
      return { sumSq, w: [...new Uint32Array(w.buffer)], fwd: [...new Uint32Array(fwd.buffer)], bwd: [...new Uint32Array(bwd.buffer)], rows: [...new Uint32Array(rows.buffer)] };
    };
    const one = run(wasmSimdBackend), split = run(always);
    expect(split.sumSq).toBe(one.sumSq);
    expect(split.w).toEqual(one.w);
    expect(split.fwd).toEqual(one.fwd);
    expect(split.bwd).toEqual(one.bwd);
    expect(split.rows).toEqual(one.rows);
  });

  it('splits nothing while a core is lent, and splits again once every loan is returned', () => {
    const [m, n, k] = [64, 512, 100];
    const bytes = Uint8Array.from({ length: m * k }, (_, i) => (i % 3 === 0 ? i % 256 : 0));
    const w = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i) * 0.05);
    const out = new Float32Array(m * n);
    const splits = () => always.stats!().splitCalls!;
    const forward = () => always.kernels.affineBytesMatmul!(bytes, w, out, m, n, k, 0.99 / 255, 0.01);
    forward();
    const before = splits();
    expect(before).toBeGreaterThan(0); // this call does split when nothing is lent
    const first = always.lendCore!();
    const second = always.lendCore!();
    forward();
    first();
    first(); // returning a loan twice returns it once
    forward();
    expect(splits()).toBe(before); // one loan still out
    second();
    forward();
    expect(splits()).toBe(before + 1);
    expect(wasmSimdBackend.lendCore).toBeUndefined(); // one thread: nothing to lend
  });

  it('keeps working, single-threaded, after dispose stops the helper', async () => {
    const b = createWasmBackend({ name: 'disposable', priority: -1, threads: true, parallel: { minAffineWork: 0, minAxpby: 0, minMatmulWork: 0, adaptive: false } });
    await b.init!();
    await b.dispose!();
    expect(checkBackend(b, [[5, 9, 13], [64, 40, 50]], 6)).toEqual([]);
  });
});

describe('wasm matmul with out rows of at most 12 columns (z2 = a1·W2)', () => {
  // matmul_narrow runs every t, the general kernel only the nonzero a[i,t]; both must give the
  // bits of the sequential float32 sum from +0: Σ_t fl(a[i,t]·B[t,j]) over the nonzero a[i,t].
  function sequential(a: Float32Array, b: Float32Array, m: number, n: number, k: number, reverse = false): Float32Array {
    const f = Math.fround, out = new Float32Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let u = 0; u < k; u++) {
          const t = reverse ? k - 1 - u : u;
          if (a[i * k + t] !== 0) acc = f(acc + f(a[i * k + t]! * b[t * n + j]!));
        }
        out[i * n + j] = acc;
      }
    return out;
  }
  const split = createWasmBackend({ name: 'wasm-simd-mt (split)', priority: -1, threads: true, parallel: { minAffineWork: 0, minAxpby: 0, minMatmulWork: 0, adaptive: false } });
  beforeAll(async () => {
    await wasmSimdBackend.init!();
    await split.init!();
  });
  afterAll(async () => {
    await split.dispose!();
  });

  // 33 rows: a last row without a pair; 12 columns: three full vectors; 1 column
  it.each([[64, 10, 512], [33, 10, 512], [5, 12, 7], [3, 1, 1]])('[%i,%i,%i] has the bits of the sequential sum, on one thread and split', (m, n, k) => {
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.max(0, Math.sin(i * 1.7))); // ReLU-like: about half zero
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.9) * 0.1);
    const want = sequential(a, b, m, n, k);
    for (const backend of [wasmSimdBackend, split]) {
      const got = new Float32Array(m * n).fill(NaN);
      backend.kernels.matmul!(a, b, got, m, n, k, false, false, 0);
      expect([...new Uint32Array(got.buffer)]).toEqual([...new Uint32Array(want.buffer)]);
    }
    // the check can fail: the same terms in the reverse order round differently
    if (k > 100) expect(sequential(a, b, m, n, k, true)).not.toEqual(want);
  });
});
