import { describe, expect, it } from 'vitest';
import { Canvas } from './canvas.js';
import { decodePng } from './png.js';

const RED = [255, 0, 0, 255];
const WHITE = [255, 255, 255, 255];

function inked(c: Canvas): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) if (c.getPixel(x, y)[1] !== 255) out.push([x, y]);
  return out;
}

describe('Canvas', () => {
  it('fills rectangles, clipped to the canvas', () => {
    const c = new Canvas(4, 3);
    c.fillRect(2, 1, 10, 10, '#ff0000');
    expect(inked(c)).toEqual([[2, 1], [3, 1], [2, 2], [3, 2]]);
    expect([...c.getPixel(0, 0)]).toEqual(WHITE);
  });

  it('blends translucent colours and honours the clip rectangle', () => {
    const c = new Canvas(3, 1);
    c.clip = { x: 1, y: 0, w: 1, h: 1 };
    c.fillRect(0, 0, 3, 1, '#00000080');
    c.clip = null;
    expect([...c.getPixel(0, 0)]).toEqual(WHITE);
    expect([...c.getPixel(1, 0)]).toEqual([127, 127, 127, 255]);
  });

  it('draws text at the font size times the scale', () => {
    const c = new Canvas(40, 40);
    const w = c.text(1, 1, 'L', '#000000', 2);
    expect(w).toBe(10);
    // 'L' at scale 2: a 2-pixel-wide stem 14 pixels tall (7 rows) and a 10-pixel foot.
    const ink = inked(c);
    expect(Math.min(...ink.map(([x]) => x))).toBe(1);
    expect(Math.max(...ink.map(([x]) => x))).toBe(10);
    expect(Math.max(...ink.map(([, y]) => y))).toBe(14);
  });

  it('blits with a zoom and encodes a PNG that decodes to the same pixels', () => {
    const src = new Canvas(2, 1, '#ff0000');
    src.setPixel(1, 0, [0, 0, 255, 255]);
    const c = new Canvas(6, 3);
    c.blit(src, 1, 1, 2);
    expect([...c.getPixel(1, 1)]).toEqual(RED);
    expect([...c.getPixel(2, 2)]).toEqual(RED);
    expect([...c.getPixel(3, 1)]).toEqual([0, 0, 255, 255]);
    const back = decodePng(c.toPng());
    expect(back.width).toBe(6);
    expect(back.height).toBe(3);
    expect([...back.data]).toEqual([...c.data]);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new Canvas(0, 3)).toThrowErrorMatchingInlineSnapshot(`[Error: Canvas: expected a positive integer size, got 0x3]`);
  });
});
