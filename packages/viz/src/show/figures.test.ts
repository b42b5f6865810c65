import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng, type RgbaImage } from '../render/png.js';
import { accuracyChart, lossChart, w1Figure, w1w2, w2Figure, writeRunFigures, type EpochMetrics } from './figures.js';

const root = mkdtempSync(join(tmpdir(), 'viz-figures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function metrics(n: number, withL2: boolean): EpochMetrics[] {
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

function hasColor(img: RgbaImage, hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === r && img.data[i + 1] === g && img.data[i + 2] === b) return true;
  return false;
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
    const L2_COLOR = '#9467bd';
    expect(hasColor(decodePng(lossChart(metrics(4, true), { dpr: 1 })), L2_COLOR)).toBe(true);
    expect(hasColor(decodePng(lossChart(metrics(4, false), { dpr: 1 })), L2_COLOR)).toBe(false);
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

  it('writes every figure it has data for, atomically, and returns their paths', async () => {
    const dir = join(root, 'all');
    const { W1, W2 } = weights(7);
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : 1)));
    const misclassified = [{ pixels: new Uint8Array(784).fill(128), trueLabel: 7, predicted: 2, prob: 0.83 }];
    const paths = await writeRunFigures(dir, { metrics: metrics(1, false), W1, W2, confusion, misclassified, dpr: 1 });
    const names = ['accuracy', 'loss', 'w1', 'w2', 'w1w2', 'confusion', 'misclassified'].map((n) => join(dir, 'figures', `${n}.png`));
    expect(paths).toEqual(names);
    for (const p of paths) expect(decodePng(readFileSync(p)).width).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'figures')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('writes only what the data allows', async () => {
    const dir = join(root, 'some');
    expect(await writeRunFigures(dir, {})).toEqual([]);
    expect(await writeRunFigures(dir, { metrics: [] })).toEqual([]);
    const { W2 } = weights(1);
    expect(await writeRunFigures(dir, { W2, dpr: 1 })).toEqual([join(dir, 'figures', 'w2.png')]);
  });
});
