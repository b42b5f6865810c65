import { describe, expect, it } from 'vitest';
import { checkGolden } from '../test-golden.js';
import { finiteRuns, lineChart, seriesPoints } from './line-chart.js';
import { decodePng, type RgbaImage } from './png.js';

const RED = '#ff0000';

/**
 * Untitled charts at dpr 1 keep their legend (whose swatch is also red) above this row; below it
 * only the series is drawn in pure red.
 */
const BELOW_LEGEND = 30;

function isRed(img: RgbaImage, i: number): boolean {
  return img.data[i] === 255 && img.data[i + 1] === 0 && img.data[i + 2] === 0;
}

/** Rows under the legend holding a pure red pixel. */
function redRows(img: RgbaImage): Set<number> {
  const rows = new Set<number>();
  for (let y = BELOW_LEGEND; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) if (isRed(img, (y * img.width + x) * 4)) rows.add(y);
  }
  return rows;
}

/** Columns holding a pure red pixel under the legend. */
function redColumns(img: RgbaImage): number[] {
  const cols: number[] = [];
  for (let x = 0; x < img.width; x++) {
    for (let y = BELOW_LEGEND; y < img.height; y++) {
      if (isRed(img, (y * img.width + x) * 4)) {
        cols.push(x);
        break;
      }
    }
  }
  return cols;
}

/** The widest run of missing columns between the first and last red column. */
function widestGap(cols: number[]): number {
  let gap = 0;
  for (let k = 1; k < cols.length; k++) gap = Math.max(gap, (cols[k] ?? 0) - (cols[k - 1] ?? 0) - 1);
  return gap;
}

const small = { width: 240, height: 160, dpr: 1, markers: false } as const;

describe('lineChart', () => {
  it('matches its golden image', () => {
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
    const gapped = decodePng(lineChart({ ...small, series: [{ name: 's', values: [0, 1, Number.NaN, 3, 4], color: RED }] }));
    const whole = decodePng(lineChart({ ...small, series: [{ name: 's', values: [0, 1, 2, 3, 4], color: RED }] }));
    const plotWidth = redColumns(whole).length;
    // The NaN removes the segments 1-2 and 2-3: half the plot width, less the pen.
    expect(widestGap(redColumns(gapped))).toBeGreaterThan(plotWidth / 3);
    expect(widestGap(redColumns(whole))).toBe(0);
    const nulls = decodePng(lineChart({ ...small, series: [{ name: 's', values: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: null }, { x: 3, y: 3 }], color: RED }] }));
    expect(widestGap(redColumns(nulls))).toBeGreaterThan(plotWidth / 4);
  });

  it('draws a constant series as a flat line and a single point as a marker', () => {
    const flat = decodePng(lineChart({ ...small, series: [{ name: 'c', values: [0.5, 0.5, 0.5], color: RED }] }));
    const rows = redRows(flat);
    expect(rows.size).toBeGreaterThan(0);
    expect(rows.size).toBeLessThanOrEqual(3);
    const one = decodePng(lineChart({ ...small, series: [{ name: 'p', values: [0.7], color: RED }] }));
    expect(redColumns(one).length).toBeGreaterThanOrEqual(3);
  });

  it('does not crash on no series, empty series or all-NaN data', () => {
    for (const series of [[], [{ name: 'e', values: [] }], [{ name: 'n', values: [Number.NaN, null] }]]) {
      expect(decodePng(lineChart({ ...small, series })).width).toBe(240);
    }
  });

  it('scales with the device-pixel ratio', () => {
    const series = [{ name: 's', values: [1, 2, 3] }];
    expect(decodePng(lineChart({ series, dpr: 1 }))).toMatchObject({ width: 640, height: 400 });
    expect(decodePng(lineChart({ series }))).toMatchObject({ width: 1280, height: 800 });
  });

  it('clips values outside a fixed y range', () => {
    const img = decodePng(lineChart({ ...small, yRange: [0, 1], series: [{ name: 's', values: [0.5, 5, 0.5], color: RED }] }));
    const unclipped = decodePng(lineChart({ ...small, yRange: [0, 1], series: [{ name: 's', values: [0.5, 1, 0.5], color: RED }] }));
    // The spike to 5 stops at the top of the plot, where a spike to 1 (the top of the range) ends,
    // give or take the pen (2 pixels at dpr 1, so it may reach one row above the plot).
    const top = Math.min(...redRows(unclipped));
    expect(Math.min(...redRows(img))).toBeGreaterThanOrEqual(top - 1);
    expect(Math.min(...redRows(img))).toBeLessThanOrEqual(top + 1);
  });
});

describe('series helpers', () => {
  it('numbers plain values from xStart and splits runs at gaps', () => {
    const pts = seriesPoints([1, null, 3, 4], 1);
    expect(pts.map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(finiteRuns(pts).map((r) => r.map((p) => p.y))).toEqual([[1], [3, 4]]);
  });
});
