import { describe, expect, it } from 'vitest';
import { dequantize, quantizeColumns } from './quantize.js';

describe('quantizeColumns', () => {
  it('keeps every weight within half a step of its column, and the largest exactly', () => {
    const rows = 50, cols = 3;
    const w = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * (1 + (i % cols)));
    for (const bits of [8, 16] as const) {
      const m = quantizeColumns(w, rows, cols, bits);
      const back = dequantize(m);
      for (let i = 0; i < w.length; i++) expect(Math.abs(back[i]! - w[i]!)).toBeLessThanOrEqual(m.scales[i % cols]! / 2 + 1e-7);
      expect(Math.max(...Array.from(m.q, Math.abs))).toBe(2 ** (bits - 1) - 1);
    }
    // the check can fail: an 8-bit step is far coarser than a 16-bit one
    const coarse = quantizeColumns(w, rows, cols, 8).scales[0]!;
    expect(coarse).toBeGreaterThan(100 * quantizeColumns(w, rows, cols, 16).scales[0]!);
  });

  it('gives an all-zero column a scale of 1 and names a size mismatch', () => {
    const m = quantizeColumns(new Float32Array(4), 2, 2, 8);
    expect([...m.scales]).toEqual([1, 1]);
    expect(() => quantizeColumns(new Float32Array(3), 2, 2, 8)).toThrowErrorMatchingInlineSnapshot(`[Error: quantizeColumns: expected [2, 2] = 4 values, got 3]`);
  });
});
