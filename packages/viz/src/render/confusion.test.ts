import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { confusionMatrix, confusionMatrixSvg } from './confusion.js';
import { decodePng } from './png.js';

describe('confusionMatrix', () => {
  it('matches its golden image', () => {
    const png = confusionMatrix([[50, 2, 0], [1, 45, 7], [0, 0, 1000]], ['a', 'b', 'c'], { dpr: 1 });
    const r = checkGolden('confusion.png', png);
    expect(r.ok, r.message).toBe(true);
  });

  it('draws a 10 x 10 matrix with default labels and empty rows', () => {
    const counts = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === 3 ? 0 : i === j ? 980 : j)));
    const img = decodePng(confusionMatrix(counts));
    expect(img.width).toBeGreaterThan(400);
  });

  it('tags each cell with its true and predicted class for a page script', () => {
    const svg = confusionMatrixSvg([[5, 1], [2, 7]]);
    expect(svg).toMatch(/<g class="cell" data-true="1" data-pred="0" data-count="2">/);
    expect(svg.match(/class="cell"/g)).toHaveLength(4);
  });

  it('names the problem with a matrix that is not square or labels that do not fit', () => {
    expect(() => confusionMatrix([[1, 2], [3]])).toThrowErrorMatchingInlineSnapshot(`[Error: confusionMatrix: row 1 has 1 entries, expected 2 (a square matrix)]`);
    expect(() => confusionMatrix([])).toThrowErrorMatchingInlineSnapshot(`[Error: confusionMatrix: expected a square matrix of counts, got no rows]`);
    expect(() => confusionMatrix([[1]], ['a', 'b'])).toThrowErrorMatchingInlineSnapshot(`[Error: confusionMatrix: expected 1 labels, got 2]`);
  });
});
