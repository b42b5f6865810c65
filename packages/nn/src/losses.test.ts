import { describe, expect, it } from 'vitest';
import { Matrix } from '@mnist-ts/tensor';
import { PROBABILITY_FLOOR, crossEntropy, l2Penalty, meanSquaredError, sumOfSquares } from './losses.js';

describe('losses on softmax outputs', () => {
  const y = Matrix.from([[0, 1, 0], [1, 0, 0]]);

  it('cross-entropy: the mean of −log a[label], clamped at PROBABILITY_FLOOR', () => {
    const a = Matrix.from([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]]);
    expect(crossEntropy.value(a, y)).toBeCloseTo(-(Math.log(0.5) + Math.log(0.1)) / 2, 6);
    const underflow = Matrix.from([[1, 0, 0], [1, 0, 0]]); // a float32 softmax gave exactly 0
    expect(crossEntropy.value(underflow, y)).toBeCloseTo(-Math.log(PROBABILITY_FLOOR) / 2, 6);
    expect(crossEntropy.grad(a, y, Matrix.zeros(2, 3)).toArray().flat()).toEqual([0.2, -0.5, 0.3, -0.9, 0.6, 0.3].map(Math.fround));
  });

  it('mse: ½‖a − y‖² per row, averaged; the gradient through the softmax sums to 0 in each row', () => {
    const a = Matrix.from([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]]);
    expect(meanSquaredError.value(a, y)).toBeCloseTo((0.04 + 0.25 + 0.09 + 0.81 + 0.36 + 0.09) / 4, 6);
    const dz = meanSquaredError.grad(a, y, Matrix.zeros(2, 3)).toArray();
    for (const row of dz) expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-7);
    // row 0: g = (0.2, −0.5, 0.3), Σ g·a = 0.04 − 0.25 + 0.09 = −0.12, dz_0 = 0.2·(0.2 + 0.12)
    expect(dz[0]![0]).toBeCloseTo(0.2 * 0.32, 6);
  });

  it('l2Penalty is λ/(2m)·Σ‖W‖² over the weights given', () => {
    const w1 = Matrix.from([[1, 2], [3, 4]]);
    const w2 = Matrix.from([[0.5, -0.5, 1]]);
    expect(sumOfSquares(w1)).toBe(30);
    expect(l2Penalty([w1, w2], 0.1, 4)).toBeCloseTo((0.1 / 8) * (30 + 1.5), 7);
    expect(l2Penalty([w1], 0, 4)).toBe(0);
  });
});
