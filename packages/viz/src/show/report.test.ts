import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { selectExamples } from './examples.js';
import type { EpochRow } from './epochs.js';
import { forwardNet } from './page/script.js';
import { dequantize, quantizeColumns } from './quantize.js';
import { humanLabel, renderReport, type ReportData } from './report.js';

const metrics: EpochRow[] = [
  { epoch: 1, lr: 0.1, trainLoss: 0.3, trainAcc: 0.91, testLoss: 0.28, testAcc: 0.92, seconds: 4, samplesPerSec: 15000 },
  { epoch: 2, lr: 0.1, trainLoss: 0.2, trainAcc: 0.95, testLoss: 0.19, testAcc: 0.951, seconds: 8, samplesPerSec: 15100 },
];

const png = (() => {
  const p = new PNG({ width: 2, height: 2 });
  p.data.fill(200);
  return PNG.sync.write(p);
})();

/** A small model with a pattern in its weights. */
function model(hidden: number) {
  const W1 = Float32Array.from({ length: 784 * hidden }, (_, i) => Math.sin(i * 0.37) * 0.05);
  const W2 = Float32Array.from({ length: hidden * 10 }, (_, i) => Math.cos(i * 0.91) * 0.3);
  return { hidden, W1, b1: new Float32Array(hidden).fill(0.01), W2, b2: new Float32Array(10), normalization: { scale: 0.99 / 255, offset: 0.01 } };
}

function report(extra: Partial<ReportData> = {}): string {
  return renderReport({
    spec: { name: '<script>alert(1)</script>', lr: 0.1 },
    final: { testAcc: 0.951, trainAcc: 0.95, testLoss: 0.19, epochs: 2, seconds: 8 },
    metrics, ...extra,
  });
}

describe('renderReport', () => {
  it('is one page: no link out, no external script, style or font, and data that cannot end its script', () => {
    const html = report({ images: [{ name: 'w2.png', png }] });
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/i); // only the SVG namespace
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(?!data:)/i);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(1)');
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON block and the page's script
    expect(html).toContain(`src="data:image/png;base64,${Buffer.from(png).toString('base64')}"`);
  });

  it('says things in words and draws the curves as SVG', () => {
    const html = report({ perClass: [0.99, 0.98, 0.97, 0.975, 0.98, 0.96, 0.985, 0.97, 0.965, 0.97] });
    for (const words of ['Test accuracy', 'Train accuracy', 'Training time', 'Learning rate', 'Numbers by epoch']) expect(html).toContain(words);
    expect(html).not.toMatch(/>(testAcc|trainAcc|testN)</);
    expect(html).toContain('95.10%');
    expect(html).toMatch(/<svg [^>]*data-chart="accuracy"/);
    expect(html).toMatch(/<svg [^>]*data-chart="loss"/);
    expect(html).toContain('The axis starts at 94%, not at 0');
  });

  it('leaves out what it has no data for', () => {
    const html = renderReport({ spec: null, final: { testAcc: 0.5 }, metrics: [] });
    expect(html).toContain('50.00%');
    for (const id of ['curves', 'draw', 'units', 'errors', 'figures', 'trials', 'metrics']) expect(html).not.toContain(`<section id="${id}"`);
  });

  it('embeds the model and the framing function, and says what quantising cost', () => {
    const m = model(3);
    const frame = (p: ArrayLike<number>) => Uint8Array.from({ length: 784 }, (_, i) => p[i] ?? 0);
    const html = report({
      model: { ...m, W1: quantizeColumns(m.W1, 784, 3, 8), frame, quantization: { floatAccuracy: 0.9712, quantizedAccuracy: 0.9710, n: 10000, split: 'test' } },
    });
    expect(html).toContain('<section id="draw"');
    expect(html).toContain('W1 is stored as 8-bit integers');
    expect(html).toContain('score 97.10%, the full float32 weights 97.12% (−0.02 points)');
    expect(html).toContain(String(frame));
  });

  it('has a sortable table of a sweep\'s trials', () => {
    const html = report({ sweep: [{ params: { lr: 0.1 }, valAcc: 0.9, status: 'ok' }, { params: { lr: 0.3 }, valAcc: null, status: 'failed' }] });
    expect(html).toMatch(/<table class="sortable sweep"><thead><tr><th>Trial<\/th><th>lr<\/th><th>Validation accuracy<\/th><th>Status<\/th>/);
    expect(html).toContain('<td data-value="0.9">90.00%</td>');
  });

  it('shows a metric an epoch-end callback added: a table column and a hover item headed by its key', () => {
    const withWarmup = metrics.map((m, i) => ({ ...m, lrWarmup: (i + 1) / 2 }));
    const html = renderReport({ spec: null, final: {}, metrics: withWarmup });
    const table = html.slice(html.indexOf('<table class="metrics'), html.indexOf('</table>', html.indexOf('<table class="metrics')));
    expect(table).toContain('<th>Samples per second</th><th>lrWarmup</th></tr>');
    expect(table).toContain('<td data-value="15000">15000</td><td data-value="0.5">0.5</td></tr>');
    expect(table).toContain('<td data-value="1">1</td></tr>');
    const data = JSON.parse(html.slice(html.indexOf('<script type="application/json" id="report-data">') + 49, html.indexOf('</script>'))) as { readout: { key: string; label: string }[] };
    expect(data.readout.at(-1)).toEqual({ key: 'lrWarmup', label: 'lrWarmup' });
    // without it, no such column
    expect(report()).not.toContain('lrWarmup');
  });

  it('turns field names into words', () => {
    expect(humanLabel('testAcc')).toBe('Test accuracy');
    expect(humanLabel('samplesPerSec')).toBe('Samples per sec');
  });
});

describe('the page script', () => {
  it("forwardNet gives the dequantised network's probabilities", () => {
    const m = model(5);
    const W1 = quantizeColumns(m.W1, 784, 5, 8);
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i * 13) % 256);
    const got = forwardNet({ hidden: 5, W1: W1.q, scales: [...W1.scales], b1: [...m.b1], W2: [...m.W2], b2: [...m.b2], norm: m.normalization }, pixels);
    // the same network in float64, from the dequantised weights, written out plainly
    const w = dequantize(W1);
    const x = Array.from(pixels, (p) => 0.01 + (0.99 / 255) * p);
    const h = Array.from({ length: 5 }, (_, j) => Math.max(0, 0.01 + x.reduce((s, xi, i) => s + xi * w[i * 5 + j]!, 0)));
    const z = Array.from({ length: 10 }, (_, d) => h.reduce((s, hj, j) => s + hj * m.W2[j * 10 + d]!, 0));
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    for (let d = 0; d < 10; d++) expect(got.probs[d]).toBeCloseTo(p[d]!, 5);
    for (let j = 0; j < 5; j++) expect(got.hidden[j]).toBeCloseTo(h[j]!, 5);
  });
});

describe('selectExamples', () => {
  it('pools each image once and points into the pool from the gallery, the cells and the units', () => {
    const n = 6;
    const images = Uint8Array.from({ length: n * 784 }, (_, i) => Math.floor(i / 784));
    const labels = [1, 2, 3, 1, 2, 3];
    const predictions = [1, 7, 3, 1, 2, 8];
    const probabilities = Array.from({ length: n * 10 }, (_, i) => (i % 10 === predictions[Math.floor(i / 10)] ? 0.9 : 0.01));
    const ex = selectExamples({ split: 'test', n, images, labels, predictions, probabilities, topByUnit: [[5, 1], [0]] }, { perCorrectCell: 1 });
    expect(ex.misclassified.map((k) => ex.images[k * 784])).toEqual([1, 5]); // rows 1 and 5, by their pixels
    expect(ex.cells[1]![1]).toHaveLength(1); // one correct 1 kept of two
    expect(ex.cells[2]![7]!.map((k) => ex.labels[k])).toEqual([2]);
    expect(ex.topByUnit[0]!.map((k) => ex.images[k * 784])).toEqual([5, 1]);
    expect(ex.images.length / 784).toBe(5); // rows 0, 2 and 4 (the first correct 1, 3 and 2), 1 and 5 (wrong)
  });
});
