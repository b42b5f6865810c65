import { describe, expect, it } from 'vitest';
import { ByteMatrix, Matrix } from './matrix.js';
import * as ops from './ops.js';
import { kernel, setBackend, activeBackend, registerBackend } from './registry.js';
import { jsBackend } from './backends/js.js';

describe('ops check shapes and say what was wrong', () => {
  it('matmul inner dimensions', () => {
    expect(() => ops.matmul(Matrix.zeros(64, 784), Matrix.zeros(512, 10))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: matmul: inner dimensions differ: [64,784] · [512,10]]`,
    );
    expect(() => ops.matmul(Matrix.zeros(64, 784), Matrix.zeros(64, 10), { transB: true })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: matmul: inner dimensions differ: [64,784] · [64,10]ᵀ]`,
    );
  });
  it('output shape and aliasing', () => {
    const a = Matrix.zeros(2, 3);
    expect(() => ops.matmul(a, Matrix.zeros(3, 4), { out: Matrix.zeros(2, 5) })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: matmul: output has shape [2,5], expected [2,4]]`,
    );
    const sq = Matrix.zeros(3, 3);
    expect(() => ops.matmul(sq, Matrix.zeros(3, 3), { out: sq })).toThrowErrorMatchingInlineSnapshot(`[RangeError: matmul: output must not alias an input]`);
  });
  it('row vector and element-wise shapes', () => {
    expect(() => ops.addRowVector(Matrix.zeros(4, 3), Matrix.zeros(1, 4))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: addRowVector: vector has shape [1,4], expected [1,3] to match [4,3]]`,
    );
    expect(() => ops.reluGrad(Matrix.zeros(2, 2), Matrix.zeros(2, 3))).toThrowErrorMatchingInlineSnapshot(`[RangeError: reluGrad: shapes differ: [2,2] and [2,3]]`);
    expect(() => ops.affineBytesMatmul(new ByteMatrix(2, 3, new Uint8Array(6), 1, 0), Matrix.zeros(4, 2))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: affineBytesMatmul: inner dimensions differ: [2,3] · [4,2]]`,
    );
  });
});

describe('ops compute the math', () => {
  const a = Matrix.from([[1, 2], [3, 4], [5, 6]]);
  const b = Matrix.from([[1, 0, -1], [2, 1, 0]]);
  it('A·B, Aᵀ·B, A·Bᵀ', () => {
    expect(ops.matmul(a, b).toArray()).toEqual([[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
    expect(ops.matmul(a, Matrix.from([[1], [1], [1]]), { transA: true }).toArray()).toEqual([[9], [12]]);
    expect(ops.matmul(a, a, { transB: true }).toArray()).toEqual([[5, 11, 17], [11, 25, 39], [17, 39, 61]]);
    const acc = Matrix.from([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
    expect(ops.matmul(a, b, { out: acc, accumulate: true }).toArray()).toEqual([[6, 3, 0], [12, 5, -2], [18, 7, -4]]);
  });
  it('bias, sums, relu, softmax, argmax, axpy', () => {
    expect(ops.addRowVector(a, Matrix.row([10, 20])).toArray()).toEqual([[11, 22], [13, 24], [15, 26]]);
    expect(ops.colSums(a).toArray()).toEqual([[9, 12]]);
    expect(ops.relu(Matrix.row([-1, 0, 2])).toArray()).toEqual([[0, 0, 2]]);
    expect(ops.reluGrad(Matrix.row([5, 5, 5]), Matrix.row([-1, 0, 2])).toArray()).toEqual([[0, 0, 5]]);
    // Large logits would overflow exp() without the max subtraction.
    const s = ops.softmaxRows(Matrix.row([1000, 1000, 1001]));
    const e = Math.E;
    [1 / (2 + e), 1 / (2 + e), e / (2 + e)].forEach((want, j) => expect(s.data[j]).toBeCloseTo(want, 6));
    expect(Array.from(ops.argmaxRows(Matrix.from([[1, 3, 3], [9, 0, 1]])))).toEqual([1, 0]);
    const y = Matrix.row([1, 1]);
    ops.axpy(2, Matrix.row([1, 2]), y);
    expect(y.toArray()).toEqual([[3, 5]]);
    expect(ops.scale(-1, y).toArray()).toEqual([[-3, -5]]);
  });
  it('affine bytes equal the dense matrix they stand for', () => {
    const p = new ByteMatrix(2, 3, Uint8Array.from([0, 255, 10, 0, 0, 128]), 0.99 / 255, 0.01);
    const w = Matrix.from([[1, 2], [3, 4], [5, 6]]);
    const dense = ops.matmul(p.toMatrix(), w);
    const fast = ops.affineBytesMatmul(p, w);
    fast.data.forEach((v, i) => expect(v).toBeCloseTo(dense.data[i]!, 5));
    const d = Matrix.from([[1, -1], [2, 0.5]]);
    const denseT = ops.matmul(p.toMatrix(), d, { transA: true });
    const fastT = ops.affineBytesTransMatmul(p, d);
    fastT.data.forEach((v, i) => expect(v).toBeCloseTo(denseT.data[i]!, 5));
  });
});

describe('backend registry', () => {
  it('auto picks a backend that passes the self-check; a missing kernel fails by name', async () => {
    const { backend } = await setBackend('auto');
    expect(activeBackend()).toBe(backend);
    expect(() => kernel('matmul', { name: 'empty', priority: 0, kernels: {} })).toThrowErrorMatchingInlineSnapshot(
      `[Error: kernel matmul not registered for backend empty]`,
    );
    await expect(setBackend('nope')).rejects.toThrow(/unknown backend "nope"; registered: reference, js/);
  });

  it('auto skips a backend that fails the conformance check, and says why', async () => {
    const wrongRelu = { ...jsBackend.kernels, relu: (a: Float32Array, out: Float32Array, n: number) => out.set(a.subarray(0, n)) };
    registerBackend({ name: 'wrong-relu', priority: 1000, kernels: wrongRelu });
    const { backend, skipped } = await setBackend('auto');
    expect(backend.name).not.toBe('wrong-relu');
    expect(skipped[0]).toMatch(/^wrong-relu: relu \[1,1\]: element 0: got -?[\d.e-]+, reference 0$/);
  });
});
