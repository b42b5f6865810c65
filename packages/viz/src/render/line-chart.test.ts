import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { finiteRuns, lineChart, lineChartSvg, seriesPoints } from './line-chart.js';
import { decodePng } from './png.js';

const small = { width: 240, height: 160, markers: false } as const;

/** The polylines of the series group `id`, each as its list of points. */
function polylines(svg: string, id: string): string[] {
  const group = svg.match(new RegExp(`<g data-series="${id}" clip-path[^>]*>(.*?)</g>`))?.[1] ?? '';
  return [...group.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('lineChart', () => {
  it('matches its golden image (the SVG rasterised with the bundled DejaVu Sans)', () => {
    const png = lineChart({
      title: 'Loss', xLabel: 'epoch', yLabel: 'loss', width: 320, height: 200, dpr: 1, xStart: 1,
      series: [
        { name: 'train', values: [0.9, 0.5, 0.35, 0.3, 0.27, 0.26] },
        { name: 'test', values: [0.95, 0.6, 0.45, null, 0.4, 0.41] },
        { name: 'L2', values: [0.05, 0.07, 0.08, 0.085, 0.09, 0.09], dashed: true },
      ],
    });
    const r = checkGolden('line-chart.png', png);
    expect(r.ok, r.message).toBe(true);
  });

  it('leaves a gap at NaN and null, and none without them', () => {
    expect(polylines(lineChartSvg({ ...small, series: [{ id: 's', name: 's', values: [0, 1, Number.NaN, 3, 4] }] }), 's')).toHaveLength(2);
    expect(polylines(lineChartSvg({ ...small, series: [{ id: 's', name: 's', values: [0, 1, 2, 3, 4] }] }), 's')).toHaveLength(1);
    const nulls = lineChartSvg({ ...small, series: [{ id: 's', name: 's', values: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: null }, { x: 3, y: 3 }] }] });
    expect(polylines(nulls, 's')).toHaveLength(1); // 0-1 is a line; 3 alone is a marker
    expect(nulls).toMatch(/<circle [^>]*r="3"/);
  });

  it('draws a constant series as a flat line and a single point as a marker', () => {
    const flat = polylines(lineChartSvg({ ...small, series: [{ id: 'c', name: 'c', values: [0.5, 0.5, 0.5] }] }), 'c')[0]!;
    const ys = new Set(flat.split(' ').map((p) => p.split(',')[1]));
    expect(ys.size).toBe(1);
    const one = lineChartSvg({ ...small, series: [{ id: 'p', name: 'p', values: [0.7] }] });
    expect(one.match(/<circle /g)).toHaveLength(1);
  });

  it('does not crash on no series, empty series or all-NaN data', () => {
    for (const series of [[], [{ name: 'e', values: [] }], [{ name: 'n', values: [Number.NaN, null] }]]) {
      expect(decodePng(lineChart({ ...small, dpr: 1, series })).width).toBe(240);
    }
    expect(lineChartSvg({ ...small, series: [] })).toContain('no data');
  });

  it('scales with the device-pixel ratio', () => {
    const series = [{ name: 's', values: [1, 2, 3] }];
    expect(decodePng(lineChart({ series, dpr: 1 }))).toMatchObject({ width: 640, height: 400 });
    expect(decodePng(lineChart({ series }))).toMatchObject({ width: 1280, height: 800 });
  });

  it('names its plot box and ranges for a page script, and tags each series for toggles', () => {
    const svg = lineChartSvg({ chartId: 'acc', xStart: 1, series: [{ id: 'train', name: 'Train', values: [0.5, 0.7] }, { id: 'test', name: 'Test', values: [0.4, 0.6] }] });
    expect(svg).toMatch(/data-chart="acc" data-plot="[\d. ]+" data-x="1 2"/);
    expect(svg.match(/data-series="train"/g)).toHaveLength(2); // the curve and its legend entry
    expect(svg).toContain('clip-path="url(#clip-acc)"');
  });

  it('escapes text', () => {
    expect(lineChartSvg({ title: '<b>&', series: [] })).toContain('&#60;b&#62;&#38;');
  });
});

describe('series helpers', () => {
  it('numbers plain values from xStart and splits runs at gaps', () => {
    const pts = seriesPoints([1, null, 3, 4], 1);
    expect(pts.map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(finiteRuns(pts).map((r) => r.map((p) => p.y))).toEqual([[1], [3, 4]]);
  });
});
