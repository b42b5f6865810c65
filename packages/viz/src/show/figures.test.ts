import { describe, expect, it } from 'vitest';
import { decodePng } from '../render/png.js';
import { accuracyChart, accuracySvg, lossSvg, runFigures, w1Figure, w1w2, w2Figure } from './figures.js';
import type { EpochRow } from './epochs.js';

function metrics(n: number, withL2: boolean): EpochRow[] {
  return Array.from({ length: n }, (_, k) => ({
    epoch: k + 1, lr: 0.1, trainLoss: 0.5 / (k + 1), trainAcc: 0.9 + k / 100, testLoss: 0.55 / (k + 1), testAcc: 0.89 + k / 100,
    ...(withL2 ? { trainDataLoss: 0.45 / (k + 1), l2Loss: 0.05 } : {}), seconds: k + 1, samplesPerSec: 1000,
  }));
}

/** Weights with a simple pattern: W1[i, j] = sin(i + j), W2[j, d] = cos(j - d). */
function weights(hidden: number) {
  const W1 = Float32Array.from({ length: 784 * hidden }, (_, i) => Math.sin(Math.floor(i / hidden) + (i % hidden)));
  const W2 = Float32Array.from({ length: hidden * 10 }, (_, i) => Math.cos(Math.floor(i / 10) - (i % 10)));
  return { W1, W2 };
}

describe('w1w2', () => {
  it('multiplies [784, H] by [H, 10]', () => {
    const W1 = new Float32Array(784 * 2);
    W1.set([1, 2], 0); // pixel 0 -> units (1, 2)
    W1.set([3, -1], 783 * 2); // pixel 783 -> units (3, -1)
    const W2 = new Float32Array(20);
    W2[0] = 1; // unit 0 -> digit 0
    W2[10 + 1] = 1; // unit 1 -> digit 1
    const p = w1w2(W1, W2, 2);
    expect([...p.subarray(0, 3)]).toEqual([1, 2, 0]);
    expect([...p.subarray(7830, 7833)]).toEqual([3, -1, 0]);
    expect(p.subarray(10, 7830).every((v) => v === 0)).toBe(true);
  });

  it('names a size mismatch', () => {
    expect(() => w1w2(new Float32Array(784), new Float32Array(20), 2)).toThrowErrorMatchingInlineSnapshot(`[Error: W1: expected [784, 2] = 1568 values, got 784]`);
    expect(() => w2Figure(new Float32Array(5), 1)).toThrowErrorMatchingInlineSnapshot(`[Error: W2: expected [1, 10] = 10 values, got 5]`);
  });
});

describe('run figures', () => {
  it('draws one epoch, and the L2 term dashed only when it is reported', () => {
    expect(decodePng(accuracyChart(metrics(1, false), { dpr: 1 })).width).toBe(640);
    expect(lossSvg(metrics(4, true))).toMatch(/L2 term/);
    expect(lossSvg(metrics(4, true))).toMatch(/stroke="#9467bd"[^>]*stroke-dasharray/);
    expect(lossSvg(metrics(4, false))).not.toMatch(/L2 term|#9467bd/);
  });

  it('labels axes and series for people, accuracies in percent', () => {
    const svg = accuracySvg(metrics(3, false));
    expect(svg).toContain('>Epoch<');
    expect(svg).toContain('>Test 91.00%<');
    expect(svg).toContain(">90.0%<"); // a tick
  });

  it('draws weights for H = 1, H = 7 and H = 512', () => {
    for (const h of [1, 7]) {
      const { W1, W2 } = weights(h);
      expect(decodePng(w1Figure(W1, h, { dpr: 1 })).width).toBeGreaterThan(0);
      expect(decodePng(w2Figure(W2, h, { dpr: 1 })).width).toBeGreaterThan(0);
    }
    const big = weights(512).W2;
    // 16 x 32 tiles at 64 / 32 = 2 pixels per weight, 5 per row: at least 5 x 64 wide.
    expect(decodePng(w2Figure(big, 512, { dpr: 1 })).width).toBeGreaterThanOrEqual(5 * 64);
  });

  it('returns every figure it has data for, as names and PNG bytes, writing nothing', () => {
    const { W1, W2 } = weights(7);
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : 1)));
    const misclassified = [{ pixels: new Uint8Array(784).fill(128), trueLabel: 7, predicted: 2, prob: 0.83 }];
    const figures = runFigures({ metrics: metrics(1, false), W1, W2, confusion, misclassified, dpr: 1 });
    expect(figures.map((f) => f.name)).toEqual(['accuracy', 'loss', 'w1', 'w2', 'w1w2', 'confusion', 'misclassified'].map((n) => `${n}.png`));
    for (const f of figures) expect(decodePng(f.png).width).toBeGreaterThan(0);
  });

  it('returns only what the data allows', () => {
    expect(runFigures({})).toEqual([]);
    expect(runFigures({ metrics: [] })).toEqual([]);
    expect(runFigures({ W2: weights(1).W2, dpr: 1 }).map((f) => f.name)).toEqual(['w2.png']);
  });
});
