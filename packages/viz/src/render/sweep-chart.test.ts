import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { decodePng } from './png.js';
import { sweepChart, sweepChartSvg, varyingParams, type SweepTrial } from './sweep-chart.js';

const trials: SweepTrial[] = [
  { params: { lr: 0.1, hidden: 64, epochs: 5 }, valAcc: 0.95, status: 'ok' },
  { params: { lr: 0.1, hidden: 128, epochs: 5 }, valAcc: 0.962, status: 'ok' },
  { params: { lr: 0.01, hidden: 64, epochs: 5 }, valAcc: 0.91, status: 'ok' },
  { params: { lr: 0.01, hidden: 128, epochs: 5 }, valAcc: 0.93, testAcc: 0.92, status: 'ok' },
  { params: { lr: 1, hidden: 64, epochs: 5 }, valAcc: null, status: 'failed' },
];

describe('sweepChart', () => {
  it('matches its golden image', () => {
    const r = checkGolden('sweep.png', sweepChart(trials, { dpr: 1 }));
    expect(r.ok, r.message).toBe(true);
  });

  it('makes one panel per parameter that varies', () => {
    expect(varyingParams(trials)).toEqual(['lr', 'hidden']);
    const one = decodePng(sweepChart(trials.map((t) => ({ ...t, params: { lr: t.params.lr ?? 0 } })), { dpr: 1 }));
    const two = decodePng(sweepChart(trials, { dpr: 1 }));
    expect(two.width).toBeGreaterThan(one.width);
  });

  it('marks the best trial with a diamond and a failed one with a cross', () => {
    const svg = sweepChartSvg(trials);
    expect(svg.match(/<polygon [^>]*fill="#ff7f0e"/g)).toHaveLength(2 + 1); // one per panel, and the legend's
    expect(svg.match(/<path [^>]*stroke="#d62728"/g)).toHaveLength(2 + 1);
    expect(svg).toContain('>Best 96.20%<');
  });

  it('survives no trials, all failed, identical params, and many continuous values', () => {
    const cases: SweepTrial[][] = [
      [],
      [{ params: { lr: 0.1 }, valAcc: null, status: 'failed' }],
      [{ params: { lr: 0.1 }, valAcc: 0.9, status: 'ok' }, { params: { lr: 0.1 }, valAcc: 0.92, status: 'ok' }],
      Array.from({ length: 30 }, (_, i) => ({ params: { lr: 10 ** (-4 + i / 10), act: i % 2 ? 'relu' : 'tanh' }, valAcc: 0.9 + i / 1000, status: 'ok' as const })),
    ];
    for (const c of cases) expect(decodePng(sweepChart(c, { dpr: 1 })).height).toBeGreaterThan(100);
  });
});
