// A small RGBA raster: rectangles, bitmap text and blits. The pixel figures (weight grids, digit
// grids) are drawn on one of these and encoded with `toPng()`; the charts are SVG (svg.ts).
import { parseColor, type Color, type Rgba } from './color.js';
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font.js';
import { encodePng, type RgbaImage } from './png.js';

/** An axis-aligned rectangle in pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export class Canvas implements RgbaImage {
  readonly data: Uint8Array;
  /** When set, drawing outside this rectangle is discarded. */
  clip: Rect | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Color = '#ffffff',
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new Error(`Canvas: expected a positive integer size, got ${width}x${height}`);
    }
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  private visible(x: number, y: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return false;
    const c = this.clip;
    return c === null || (x >= c.x && y >= c.y && x < c.x + c.w && y < c.y + c.h);
  }

  /** Sets one pixel, blending by the colour's alpha; out-of-bounds and clipped pixels are ignored. */
  setPixel(x: number, y: number, c: Rgba): void {
    if (!this.visible(x, y)) return;
    const i = (y * this.width + x) * 4;
    const a = c[3] / 255;
    const d = this.data;
    d[i] = Math.round(c[0] * a + (d[i] ?? 0) * (1 - a));
    d[i + 1] = Math.round(c[1] * a + (d[i + 1] ?? 0) * (1 - a));
    d[i + 2] = Math.round(c[2] * a + (d[i + 2] ?? 0) * (1 - a));
    d[i + 3] = 255;
  }

  getPixel(x: number, y: number): Rgba {
    const i = (y * this.width + x) * 4;
    const d = this.data;
    return [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): void {
    const c = parseColor(color);
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) this.setPixel(px, py, c);
  }

  /** A rectangle outline drawn inside (x, y, w, h). */
  strokeRect(x: number, y: number, w: number, h: number, color: Color, thickness = 1): void {
    this.fillRect(x, y, w, thickness, color);
    this.fillRect(x, y + h - thickness, w, thickness, color);
    this.fillRect(x, y, thickness, h, color);
    this.fillRect(x + w - thickness, y, thickness, h, color);
  }

  /** Draws one line of text with its top-left corner at (x, y); returns its width in pixels. */
  text(x: number, y: number, str: string, color: Color, scale = 1): number {
    const c = parseColor(color);
    [...str].forEach((ch, i) => {
      this.glyphPixels(ch, (u, v) => {
        for (let sy = 0; sy < scale; sy++) {
          for (let sx = 0; sx < scale; sx++) {
            this.setPixel(Math.round(x) + (i * ADVANCE + u) * scale + sx, Math.round(y) + v * scale + sy, c);
          }
        }
      });
    });
    return textWidth(str, scale);
  }

  private glyphPixels(ch: string, ink: (u: number, v: number) => void): void {
    const rows = glyph(ch);
    for (let v = 0; v < GLYPH_HEIGHT; v++) {
      const mask = rows[v] ?? 0;
      for (let u = 0; u < GLYPH_WIDTH; u++) if (mask & (1 << (GLYPH_WIDTH - 1 - u))) ink(u, v);
    }
  }

  /** Copies `src` with its top-left at (x, y), each source pixel as a zoom x zoom block. */
  blit(src: RgbaImage, x: number, y: number, zoom = 1): void {
    for (let sy = 0; sy < src.height; sy++) {
      for (let sx = 0; sx < src.width; sx++) {
        const i = (sy * src.width + sx) * 4;
        const d = src.data;
        const c: Rgba = [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
        for (let zy = 0; zy < zoom; zy++) {
          for (let zx = 0; zx < zoom; zx++) this.setPixel(x + sx * zoom + zx, y + sy * zoom + zy, c);
        }
      }
    }
  }

  toPng(): Uint8Array {
    return encodePng(this);
  }
}
