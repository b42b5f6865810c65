import { describe, expect, it } from 'vitest';
import { autoRange, fixedRange, formatExp, formatTick, formatValue, niceStep } from './ticks.js';

describe('nice ticks', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(0.1, 5)).toBeCloseTo(0.02);
    expect(niceStep(49, 5)).toBe(10);
    expect(niceStep(30, 6)).toBe(5);
    expect(niceStep(3, 6, true)).toBe(1);
    expect(niceStep(0, 6)).toBe(1);
  });

  it('zooms an accuracy axis to the curves and never past 1', () => {
    const r = autoRange([0.921, 0.95, 0.981, 0.978], { clamp: [0, 1] });
    expect(r.lo).toBeGreaterThanOrEqual(0.9);
    expect(r.hi).toBeLessThanOrEqual(1);
    // span 0.06 plus 5% padding each side, at most 6 intervals -> step 0.02, widened to 0.90..1.00.
    expect(r.ticks).toEqual([0.9, 0.92, 0.94, 0.96, 0.98, 1]);
    const top = autoRange([0.97, 0.999], { clamp: [0, 1] });
    expect(top.hi).toBe(1);
  });

  it('gives a constant or single value a range around it', () => {
    const r = autoRange([0.5, 0.5]);
    expect(r.lo).toBeLessThan(0.5);
    expect(r.hi).toBeGreaterThan(0.5);
    expect(autoRange([0]).hi).toBeGreaterThan(0);
    expect(autoRange([Number.NaN]).ticks.length).toBeGreaterThan(1);
  });

  it('widens a nearly flat range to minSpan, inside the clamp', () => {
    const r = autoRange([0.995, 0.996], { clamp: [0, 1], minSpan: 0.02 });
    expect(r.hi).toBe(1);
    expect(r.hi - r.lo).toBeGreaterThanOrEqual(0.02 - 1e-12);
  });

  it('keeps ticks inside a fixed range, integer steps when asked', () => {
    expect(fixedRange(1, 50, 5, true).ticks).toEqual([10, 20, 30, 40, 50]);
    expect(fixedRange(1, 3, 8, true).ticks).toEqual([1, 2, 3]);
  });

  it('formats labels by the step', () => {
    expect(formatTick(0.3, 0.1)).toBe('0.3');
    expect(formatTick(0, 0.05)).toBe('0.00');
    expect(formatTick(0.95, 0.01)).toBe('0.95');
    expect(formatTick(20, 10)).toBe('20');
    expect(formatTick(0.0001, 0.0001)).toBe('1e-4');
    expect(formatExp(9.999999999999999e-5)).toBe('1e-4');
    expect(formatValue(0.0871234)).toBe('0.08712');
  });
});
