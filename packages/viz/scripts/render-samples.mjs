// Renders one sample of every figure from deterministic made-up data, to look at by eye.
// Usage: npx tsc -p tsconfig.build.json && node scripts/render-samples.mjs [outDir=/tmp/viz-samples]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as viz from '../dist/index.js';

const out = process.argv[2] ?? '/tmp/viz-samples';
mkdirSync(out, { recursive: true });
/** Deterministic noise in [0, 1) (a sine hash: reproducible, no RNG state, good enough to look at). */
const noise = (i) => { const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453; return x - Math.floor(x); };
const gauss = (i) => (noise(i) + noise(i + 0.5) + noise(i + 0.25) - 1.5) * 2;

const epochs = 30;
const metrics = Array.from({ length: epochs }, (_, k) => {
  const e = k + 1;
  const trainAcc = 1 - 0.07 * Math.exp(-k / 5) - 0.012 - 0.001 * noise(e);
  const testAcc = 0.978 - 0.055 * Math.exp(-k / 4) + 0.0015 * (noise(e + 100) - 0.5);
  const l2Loss = 0.02 + 0.03 * (1 - Math.exp(-k / 6));
  return { epoch: e, lr: 0.1 * 0.95 ** k, trainLoss: 0.25 * Math.exp(-k / 6) + 0.03 + l2Loss, trainAcc, testLoss: 0.2 * Math.exp(-k / 5) + 0.075 + 0.0004 * k,
    testAcc, trainDataLoss: 0.25 * Math.exp(-k / 6) + 0.03, l2Loss, seconds: 4.1 * e, samplesPerSec: 14600 + 300 * noise(e) };
});

/** A made-up hidden unit: a few signed Gaussian blobs on the 28x28 grid plus a little noise. */
function unit(j) {
  const t = new Float32Array(784);
  for (let b = 0; b < 3; b++) {
    const cx = 6 + 16 * noise(j * 7 + b), cy = 6 + 16 * noise(j * 11 + b), r = 2 + 4 * noise(j * 13 + b);
    const sign = noise(j * 17 + b) < 0.5 ? -1 : 1;
    for (let i = 0; i < 784; i++) {
      const dx = (i % 28) - cx, dy = Math.floor(i / 28) - cy;
      t[i] += sign * Math.exp(-(dx * dx + dy * dy) / (2 * r * r)) * (0.5 + noise(j + b));
    }
  }
  for (let i = 0; i < 784; i++) t[i] += 0.05 * gauss(j * 1000 + i);
  return t;
}
function weights(hidden) {
  const W1 = new Float32Array(784 * hidden);
  for (let j = 0; j < hidden; j++) unit(j).forEach((v, i) => { W1[i * hidden + j] = v * 0.05; });
  const W2 = Float32Array.from({ length: hidden * 10 }, (_, i) => gauss(i + 5e5) * 0.1 * (1 + (i % 10) / 5));
  return { W1, W2 };
}

/** A digit image: the bitmap-font glyph drawn large and softened, ink = 255. */
function digitPixels(d, k) {
  const c = new viz.Canvas(28, 28, '#000000');
  c.text(6 + (k % 3), 1, String(d), '#ffffff', 3);
  const px = new Uint8Array(784);
  for (let i = 0; i < 784; i++) px[i] = c.data[i * 4];
  return px;
}

const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) =>
  i === j ? 960 + Math.round(170 * noise(i)) : noise(i * 10 + j) < 0.55 ? Math.round(12 * noise(i * 31 + j) ** 2) : 0));
const misclassified = Array.from({ length: 24 }, (_, k) => {
  const t = Math.floor(10 * noise(k + 3));
  return { pixels: digitPixels(t, k), trueLabel: t, predicted: (t + 1 + Math.floor(8 * noise(k + 9))) % 10, prob: 0.5 + 0.49 * noise(k) };
});

const { W1, W2 } = weights(512);
// viz only draws; writing the files is this script's job
const figures = viz.runFigures({ metrics, W1, W2, hidden: 512, confusion, misclassified });
mkdirSync(join(out, 'run', 'figures'), { recursive: true });
for (const f of figures) writeFileSync(join(out, 'run', 'figures', f.name), f.png);
for (const h of [1, 7, 100]) {
  const w = weights(h);
  writeFileSync(join(out, `w2-h${h}.png`), viz.w2Figure(w.W2, h));
  if (h === 7) writeFileSync(join(out, `w1-h${h}.png`), viz.w1Figure(w.W1, h));
}
writeFileSync(join(out, 'line-edge.png'), viz.lineChart({ title: 'Edge cases', xLabel: 'x', yLabel: 'y', series: [
  { name: 'constant', values: [0.5, 0.5, 0.5, 0.5] },
  { name: 'single point', values: [{ x: 2, y: 0.7 }] },
  { name: 'NaN gap', values: [0.2, 0.3, Number.NaN, 0.45, null, 0.6], dashed: true },
] }));
writeFileSync(join(out, 'one-epoch-acc.png'), viz.accuracyChart(metrics.slice(0, 1)));
const trials = [];
for (const lr of [0.01, 0.05, 0.1, 0.5]) for (const hidden of [64, 128, 512]) for (const l2 of [0, 1e-4]) {
  const failed = lr === 0.5 && hidden === 512;
  trials.push({ params: { lr, hidden, l2, epochs: 10 }, status: failed ? 'failed' : 'ok',
    valAcc: failed ? null : 0.93 + 0.05 * (1 - Math.abs(Math.log10(lr / 0.1)) / 1.3) * (hidden / 512) ** 0.1 - l2 * 10 + 0.004 * noise(trials.length) });
}
writeFileSync(join(out, 'sweep.png'), viz.sweepChart(trials));
const random = Array.from({ length: 20 }, (_, i) => ({ params: { lr: 10 ** (-3 + 3 * noise(i)), hidden: 512 }, status: 'ok', valAcc: 0.9 + 0.08 * noise(i + 50) }));
writeFileSync(join(out, 'sweep-random.png'), viz.sweepChart(random));
const page = viz.renderReport({ spec: { name: 'seed-best', stages: [{ type: 'train.sgd', params: { lr: 0.1, epochs } }] },
  final: { testAcc: metrics.at(-1).testAcc, trainAcc: metrics.at(-1).trainAcc, testLoss: metrics.at(-1).testLoss, epochs, seconds: 123.4 },
  perClass: confusion.map((row, i) => row[i] / row.reduce((a, b) => a + b, 0)), confusion, metrics,
  images: figures.filter((f) => ['w2.png', 'w1w2.png', 'misclassified.png'].includes(f.name)), sweep: trials });
writeFileSync(join(out, 'run', 'report.html'), page);

console.log('--- sparkline');
console.log(viz.sparkline(metrics.map((m) => m.testAcc), 30));
console.log('--- braille');
console.log(viz.brailleChart([metrics.map((m) => m.trainLoss), metrics.map((m) => m.testLoss)], { width: 40, height: 6 }).join('\n'));
console.log('--- heat map (colour)');
console.log(viz.heatmapHalfBlock(unit(3), 28, 28, { color: true }).join('\n'));
console.log('--- heat map (plain)');
console.log(viz.heatmapHalfBlock(unit(3), 28, 28, { color: false }).join('\n'));
console.log(`wrote ${figures.length + 8} files to ${out}`);
