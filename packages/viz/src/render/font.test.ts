import { describe, expect, it } from 'vitest';
import { GLYPH_HEIGHT, glyph, hasGlyph, textHeight, textWidth } from './font.js';

describe('bitmap font', () => {
  it('has every character the figures use', () => {
    const needed = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,-+:/()%→=×·_[] ';
    const missing = [...needed].filter((ch) => !hasGlyph(ch));
    expect(missing).toEqual([]);
  });

  it('draws "0" as the art says: a ring with a slash', () => {
    // Rows of '0' in the art, bit 4 = leftmost column.
    expect(glyph('0')).toEqual([0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110, 0]);
  });

  it('gives every glyph 8 rows of 5 bits, and ink to everything but the space', () => {
    for (const ch of '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,-+:/()%→=×·_[]') {
      const rows = glyph(ch);
      expect(rows.length, ch).toBe(GLYPH_HEIGHT);
      expect(rows.every((r) => r >= 0 && r < 32), ch).toBe(true);
      expect(rows.some((r) => r !== 0), ch).toBe(true);
    }
    expect(glyph(' ').every((r) => r === 0)).toBe(true);
  });

  it('puts descenders in the last row only for letters that have one', () => {
    for (const ch of 'gjpqy,_') expect(glyph(ch)[7], ch).not.toBe(0);
    for (const ch of 'abcdehx0A9') expect(glyph(ch)[7], ch).toBe(0);
  });

  it('draws unknown characters as a box and measures text', () => {
    expect(hasGlyph('€')).toBe(false);
    expect(glyph('€')[0]).toBe(0b11111);
    expect(textWidth('')).toBe(0);
    expect(textWidth('ab')).toBe(11);
    expect(textWidth('ab', 2)).toBe(22);
    expect(textHeight(3)).toBe(24);
  });
});
