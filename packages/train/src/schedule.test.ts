import { describe, expect, it } from 'vitest';
import { constant, exponential, lrAt, step } from './schedule.js';

describe('learning-rate schedules', () => {
  it("the paper's: 0.1 × 0.95 after each epoch", () => {
    expect(lrAt(exponential(0.95), 0.1, 1)).toBe(0.1);
    expect(lrAt(exponential(0.95), 0.1, 2)).toBeCloseTo(0.095, 12);
    expect(lrAt(exponential(0.95), 0.1, 50)).toBeCloseTo(0.1 * 0.95 ** 49, 12);
  });
  it('constant and step', () => {
    expect(lrAt(constant(), 0.3, 40)).toBe(0.3);
    expect([1, 10, 11, 21].map((e) => lrAt(step(10, 0.5), 1, e))).toEqual([1, 1, 0.5, 0.25]);
  });
});
