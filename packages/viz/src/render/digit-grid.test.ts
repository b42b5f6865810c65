import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { misclassifiedGrid, type MisclassifiedItem } from './digit-grid.js';
import { decodePng } from './png.js';

/** An 8 x 8 test image: a bar in row `r`. */
function bar(r: number): Uint8Array {
  const px = new Uint8Array(64);
  for (let x = 1; x < 7; x++) px[r * 8 + x] = 255;
  return px;
}

describe('misclassifiedGrid', () => {
  it('matches its golden image', () => {
    const items: MisclassifiedItem[] = [
      { pixels: bar(2), trueLabel: 7, predicted: 2, prob: 0.83 },
      { pixels: bar(4), trueLabel: 4, predicted: 9, prob: 0.514 },
      { pixels: bar(6), trueLabel: 3, predicted: 5, prob: 0.99 },
    ];
    const r = checkGolden('misclassified.png', misclassifiedGrid(items, { dpr: 1, gridCols: 2, zoom: 3 }));
    expect(r.ok, r.message).toBe(true);
  });

  it('shows ink dark on white at the given zoom', () => {
    const img = decodePng(misclassifiedGrid([{ pixels: bar(0), trueLabel: 1, predicted: 7, prob: 0.5 }], { dpr: 1, zoom: 2 }));
    let black = 0;
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === 0 && img.data[i + 1] === 0 && img.data[i + 2] === 0) black++;
    expect(black).toBe(6 * 2 * 2); // 6 ink pixels, each a 2 x 2 block
  });

  it('draws a note for an empty list and rejects a non-square image', () => {
    expect(decodePng(misclassifiedGrid([])).width).toBeGreaterThan(0);
    expect(() => misclassifiedGrid([{ pixels: new Uint8Array(10), trueLabel: 1, predicted: 2, prob: 0.5 }]))
      .toThrowErrorMatchingInlineSnapshot(`[Error: misclassifiedGrid: item 0 has 10 pixels, expected a square image (784 = 28x28)]`);
  });
});
