import { describe, expect, it } from 'vitest';
import { ansi256, brailleChart, heatmapHalfBlock, sparkline } from './terminal.js';

describe('sparkline', () => {
  it('maps the range onto eight bars, NaN to a space, padded to the width', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([1, Number.NaN, 3], 5)).toBe('▁ █  ');
    expect(sparkline([2, 2, 2], 3)).toBe('▄▄▄');
    expect(sparkline([], 4)).toBe('    ');
    expect(sparkline([5], 0)).toBe('');
  });

  it('averages buckets when there are more values than columns', () => {
    const s = sparkline(Array.from({ length: 100 }, (_, i) => i), 10);
    expect([...s]).toHaveLength(10);
    expect(s).toMatchInlineSnapshot(`"▁▂▃▃▄▅▆▆▇█"`);
  });

  it('uses a fixed scale when given', () => {
    expect(sparkline([0.5], 1, { min: 0, max: 1 })).toBe('▅');
  });
});

describe('brailleChart', () => {
  it('draws a rising line in 2 x 4 dot cells', () => {
    // Dots (x, y), y down: (0,3) (1,2) | (2,1) (3,0) -> bits 0x40|0x20 and 0x02|0x08.
    expect(brailleChart([[0, 1, 2, 3]], { width: 2, height: 1 })).toEqual(['\u2860\u280a']);
  });

  it('returns height lines of width characters, and breaks at NaN', () => {
    const lines = brailleChart([[3, 1, 4, 1, 5, 9, 2, 6], [Number.NaN, 2, 2, Number.NaN, 7]], { width: 12, height: 3 });
    expect(lines).toHaveLength(3);
    for (const l of lines) expect([...l]).toHaveLength(12);
    expect(lines).toMatchInlineSnapshot(`
      [
        "⠀⠀⠀⠀⠀⠀⠀⢠⢣⠀⠀⢀",
        "⠀⠀⠀⢀⠀⠀⡠⠃⠀⢇⠀⡜",
        "⠑⢄⠔⠥⠵⡴⠅⠀⠀⠈⠞⠀",
      ]
    `);
  });

  it('survives empty, constant and single-value series', () => {
    expect(brailleChart([], { width: 3, height: 2 })).toEqual(['\u2800\u2800\u2800', '\u2800\u2800\u2800']);
    expect(brailleChart([[1, 1, 1]], { width: 2, height: 1 })).toHaveLength(1);
    expect(brailleChart([[7]], { width: 2, height: 1 })[0]).not.toBe('\u2800\u2800');
  });
});

describe('heatmapHalfBlock', () => {
  it('packs two rows per line with fg = top, bg = bottom, in 256 colours', () => {
    // blue (33,102,172) -> cube (0,1,3) = 25; red (178,24,43) -> (4,0,0) = 160; white -> 231.
    expect(ansi256([255, 255, 255, 255])).toBe(231);
    const lines = heatmapHalfBlock(Float32Array.of(-1, 1, 0, 0), 2, 2, { color: true });
    expect(lines).toEqual(['\x1b[38;5;25;48;5;231m▀\x1b[38;5;160;48;5;231m▀\x1b[0m']);
    const odd = heatmapHalfBlock([1, -1, 0.5], 3, 1, { color: true });
    expect(odd).toHaveLength(2);
    expect(odd[1]).toContain(';49m▀');
  });

  it('uses ASCII shades by magnitude without colour', () => {
    expect(heatmapHalfBlock([0, 0.5, 1, 0, 0.5, 1], 2, 3, { color: false })).toEqual([' +@']);
    const digit = heatmapHalfBlock(Float32Array.from({ length: 36 }, (_, i) => ((i % 6) + Math.floor(i / 6)) % 3), 6, 6, { color: false });
    expect(digit).toMatchInlineSnapshot(`
      [
        ":#+:#+",
        "+:#+:#",
        "#+:#+:",
      ]
    `);
  });

  it('names a size mismatch', () => {
    expect(() => heatmapHalfBlock([1, 2, 3], 2, 2, { color: false })).toThrowErrorMatchingInlineSnapshot(`[Error: heatmapHalfBlock: expected 2x2 = 4 values, got 3]`);
  });
});
