import { describe, expect, it } from 'vitest';
import { constant, cosine, describeSchedule, exponential, lrAt, step } from './schedule.js';

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
  it('cosine: from lr down to the floor over the run, after a linear warm-up', () => {
    // E = 10, no warm-up: epoch e at 0.5·(1 + cos(π(e − 1)/10)).
    expect(lrAt(cosine(), 1, 1, 10)).toBe(1);
    expect(lrAt(cosine(), 1, 6, 10)).toBeCloseTo(0.5, 12);
    expect(lrAt(cosine(), 1, 10, 10)).toBeCloseTo(0.5 * (1 + Math.cos(0.9 * Math.PI)), 12);
    // Floor 0.1: halfway is 0.1 + 0.9·0.5.
    expect(lrAt(cosine(0.1), 1, 6, 10)).toBeCloseTo(0.55, 12);
    // Warm-up 2 over E = 12: 0.5, 1, then the cosine over the remaining 10 epochs.
    expect([1, 2, 3].map((e) => lrAt(cosine(0, 2), 1, e, 12))).toEqual([0.5, 1, 1]);
    expect(lrAt(cosine(0, 2), 1, 8, 12)).toBeCloseTo(0.5, 12);
    // It decreases every epoch after the warm-up.
    const rates = Array.from({ length: 50 }, (_, i) => lrAt(cosine(0, 3), 0.1, i + 4, 53));
    expect(rates.every((r, i) => i === 0 || r < rates[i - 1]!)).toBe(true);
    expect(describeSchedule(cosine(0.01, 2))).toBe('cosine(min 0.01, warm-up 2)');
  });
});
