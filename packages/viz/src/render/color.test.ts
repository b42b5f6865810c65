import { describe, expect, it } from 'vitest';
import { diverging, luminance, parseColor, sequential } from './color.js';

describe('colours', () => {
  it('maps zero to white, the ends to blue and red, symmetric in between', () => {
    expect(diverging(0)).toEqual([255, 255, 255, 255]);
    expect(diverging(1)).toEqual([178, 24, 43, 255]);
    expect(diverging(-1)).toEqual([33, 102, 172, 255]);
    // Halfway: the mean of white and the end colour, rounded: (255 + 33) / 2 = 144 ...
    expect(diverging(-0.5)).toEqual([144, 179, 214, 255]);
    expect(diverging(5)).toEqual(diverging(1));
    expect(diverging(Number.NaN)).toEqual([200, 200, 200, 255]);
  });

  it('parses hex colours and tuples, and names a bad one', () => {
    expect(parseColor('#1f77b4')).toEqual([31, 119, 180, 255]);
    expect(parseColor('#00000080')).toEqual([0, 0, 0, 128]);
    expect(parseColor([1, 2, 3])).toEqual([1, 2, 3, 255]);
    expect(() => parseColor('red')).toThrowErrorMatchingInlineSnapshot(`[Error: colour "red": expected '#rrggbb' or '#rrggbbaa']`);
  });

  it('has a sequential map and luminance for text contrast', () => {
    expect(sequential(0, '#000000')).toEqual([255, 255, 255, 255]);
    expect(sequential(1, '#000000')).toEqual([0, 0, 0, 255]);
    expect(luminance([255, 255, 255, 255])).toBeCloseTo(1);
    expect(luminance([0, 0, 0, 255])).toBe(0);
  });
});
