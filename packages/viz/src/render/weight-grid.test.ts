import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { diverging } from './color.js';
import { decodePng, type RgbaImage } from './png.js';
import { matrixColumns, tileShape, weightGrid } from './weight-grid.js';

function countColor(img: RgbaImage, c: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (img.data[i] === c[0] && img.data[i + 1] === c[1] && img.data[i + 2] === c[2]) n++;
  }
  return n;
}

describe('tileShape', () => {
  it('uses the largest divisor <= sqrt(n) as rows', () => {
    expect(tileShape(512)).toEqual({ rows: 16, cols: 32 });
    expect(tileShape(100)).toEqual({ rows: 10, cols: 10 });
    expect(tileShape(64)).toEqual({ rows: 8, cols: 8 });
    expect(tileShape(300)).toEqual({ rows: 15, cols: 20 });
    expect(tileShape(6)).toEqual({ rows: 2, cols: 3 });
    expect(tileShape(1)).toEqual({ rows: 1, cols: 1 });
    expect(tileShape(3)).toEqual({ rows: 1, cols: 3 });
  });

  it('pads a near-square rectangle when the divisor rule would be longer than 4:1', () => {
    expect(tileShape(7)).toEqual({ rows: 2, cols: 4 });
    expect(tileShape(509)).toEqual({ rows: 22, cols: 24 });
    expect(() => tileShape(0)).toThrowErrorMatchingInlineSnapshot(`[Error: tileShape: expected a positive integer, got 0]`);
  });
});

describe('matrixColumns', () => {
  it('takes column j of a row-major matrix as tile j', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]); // [[1, 2, 3], [4, 5, 6]]
    expect(matrixColumns(m, 2, 3).map((c) => [...c])).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(matrixColumns(m, 2, 3, 2)).toHaveLength(2);
    expect(() => matrixColumns(m, 3, 3)).toThrowErrorMatchingInlineSnapshot(`[Error: matrixColumns: expected 3x3 = 9 values, got 6]`);
  });
});

describe('weightGrid', () => {
  it('matches its golden image', () => {
    const tiles = Array.from({ length: 6 }, (_, t) => Float32Array.from({ length: 16 }, (_, i) => Math.sin(i * 0.7 + t) * (t + 1)));
    const png = weightGrid({ tiles, tileRows: 4, tileCols: 4, gridCols: 3, labels: ['0', '1', '2', '3', '4', '5'], zoom: 5, dpr: 1, title: 'grid' });
    const r = checkGolden('weight-grid.png', png);
    expect(r.ok, r.message).toBe(true);
  });

  it('scales per tile or per figure, symmetric about zero', () => {
    const tiles = [Float32Array.of(1), Float32Array.of(0.5), Float32Array.of(-0.25)];
    const base = { tiles, tileRows: 1, tileCols: 1, gridCols: 3, zoom: 4, dpr: 1, colorbar: false } as const;
    const fig = decodePng(weightGrid({ ...base, scale: 'per-figure' }));
    expect(countColor(fig, diverging(1))).toBe(16);
    expect(countColor(fig, diverging(0.5))).toBe(16);
    expect(countColor(fig, diverging(-0.25))).toBe(16);
    const own = decodePng(weightGrid({ ...base, scale: 'per-tile' }));
    expect(countColor(own, diverging(1))).toBe(32);
    expect(countColor(own, diverging(-1))).toBe(16);
  });

  it('pads a short tile with blank cells, and draws all-zero tiles white', () => {
    const img = decodePng(weightGrid({ tiles: [Float32Array.of(0, 0, 0)], tileRows: 2, tileCols: 2, gridCols: 1, zoom: 3, dpr: 1, colorbar: false }));
    expect(countColor(img, [232, 232, 232])).toBe(9);
  });

  it('accepts a matrix whose columns are the tiles', () => {
    const m = Float32Array.from({ length: 8 }, (_, i) => i - 4);
    const png = weightGrid({ tiles: { matrix: m, rows: 4, cols: 2 }, tileRows: 2, tileCols: 2, gridCols: 2, dpr: 1 });
    expect(decodePng(png).width).toBeGreaterThan(0);
  });
});
