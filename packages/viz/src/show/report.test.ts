import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunFigures, type EpochMetrics } from './figures.js';
import { renderReport, writeReport } from './report.js';
import { writeSweepChart } from './sweep.js';
import { decodePng } from '../render/png.js';

const root = mkdtempSync(join(tmpdir(), 'viz-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const metrics: EpochMetrics[] = [
  { epoch: 1, lr: 0.1, trainLoss: 0.3, trainAcc: 0.91, testLoss: 0.28, testAcc: 0.92, seconds: 4, samplesPerSec: 15000 },
  { epoch: 2, lr: 0.1, trainLoss: 0.2, trainAcc: 0.95, testLoss: 0.19, testAcc: 0.951, seconds: 8, samplesPerSec: 15100 },
];

describe('writeReport', () => {
  it('inlines every figure as a data URI and links to nothing', async () => {
    const dir = join(root, 'run');
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 9 : 0)));
    const figures = await writeRunFigures(dir, { metrics, confusion, dpr: 1 });
    const path = await writeReport(dir, {
      spec: { name: '<script>alert(1)</script>', lr: 0.1 },
      final: { trainAcc: 0.95, testAcc: 0.951, testLoss: 0.19, epochs: 2, seconds: 8 },
      perClass: Array.from({ length: 10 }, (_, d) => 0.9 + d / 100),
      metrics,
      figures: ['figures/accuracy.png', ...figures.slice(1)], // relative paths resolve against the run
      dpr: 1,
    });
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    const uris = [...html.matchAll(/src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)].map((m) => m[1] ?? '');
    expect(uris).toHaveLength(figures.length);
    uris.forEach((b64, k) => expect(Buffer.from(b64, 'base64').equals(readFileSync(figures[k] ?? ''))).toBe(true));
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('95.10%'); // test accuracy, final table and metrics table
    expect(html).toContain('<td>2</td>'); // an epoch row
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('renders without per-class accuracy, figures or metrics', () => {
    const html = renderReport({ spec: null, final: { testAcc: 0.5 }, metrics: [] }, []);
    expect(html).toContain('50.00%');
    expect(html).not.toContain('<figure>');
    expect(html).not.toContain('Metrics by epoch');
  });

  it('fails on a missing figure and leaves no report behind', async () => {
    const dir = join(root, 'missing');
    await expect(writeReport(dir, { spec: {}, final: {}, metrics, figures: ['figures/nope.png'] })).rejects.toThrow(/nope\.png/);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});

describe('writeSweepChart', () => {
  it('writes a PNG at the path given', async () => {
    const path = join(root, 'sweep', 'sweep.png');
    await writeSweepChart(path, [{ params: { lr: 0.1 }, valAcc: 0.9, status: 'ok' }, { params: { lr: 0.2 }, valAcc: 0.95, status: 'ok' }], { dpr: 1 });
    expect(decodePng(readFileSync(path)).width).toBeGreaterThan(0);
  });
});
