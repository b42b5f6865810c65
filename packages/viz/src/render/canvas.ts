// A small RGBA raster: rectangles, thick (optionally dashed) lines, markers, bitmap text and
// blits. Every figure is drawn on one of these and encoded with `toPng()`.
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

/** How a line is stroked: `thickness` in pixels, `dash` as [on, off] lengths in pixels. */
export interface LineStyle {
  thickness?: number;
  dash?: readonly [number, number];
}

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'cross';

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

  /** A square (or, from 3 pixels, round) pen of size `t` centred on (x, y). */
  private stamp(x: number, y: number, c: Rgba, t: number): void {
    const lo = -Math.floor((t - 1) / 2);
    const centre = lo + (t - 1) / 2;
    const r2 = (t / 2) * (t / 2) + 0.01;
    for (let dy = lo; dy < lo + t; dy++) {
      for (let dx = lo; dx < lo + t; dx++) {
        if (t >= 3 && (dx - centre) ** 2 + (dy - centre) ** 2 > r2) continue;
        this.setPixel(x + dx, y + dy, c);
      }
    }
  }

  line(x0: number, y0: number, x1: number, y1: number, color: Color, style: LineStyle = {}): void {
    this.polyline([[x0, y0], [x1, y1]], color, style);
  }

  /**
   * Connected segments by Bresenham's algorithm, each pixel stamped with the pen. A dash pattern
   * continues across vertices, so a dashed curve keeps an even rhythm.
   */
  polyline(points: readonly (readonly [number, number])[], color: Color, style: LineStyle = {}): void {
    const c = parseColor(color);
    const t = Math.max(1, Math.round(style.thickness ?? 1));
    const period = style.dash === undefined ? 0 : style.dash[0] + style.dash[1];
    let step = 0;
    for (let k = 0; k + 1 < points.length || (k === 0 && points.length === 1); k++) {
      const [ax, ay] = points[k] ?? [0, 0];
      const [bx, by] = points[k + 1] ?? [ax, ay];
      let x = Math.round(ax);
      let y = Math.round(ay);
      const xe = Math.round(bx);
      const ye = Math.round(by);
      const dx = Math.abs(xe - x);
      const dy = -Math.abs(ye - y);
      const sx = x < xe ? 1 : -1;
      const sy = y < ye ? 1 : -1;
      let err = dx + dy;
      let first = k > 0; // the first pixel of a later segment was the last of the one before
      for (;;) {
        if (!first) {
          if (period === 0 || step % period < (style.dash?.[0] ?? 0)) this.stamp(x, y, c, t);
          step++;
        }
        first = false;
        if (x === xe && y === ye) break;
        const e2 = 2 * err;
        if (e2 >= dy) { err += dy; x += sx; }
        if (e2 <= dx) { err += dx; y += sy; }
      }
    }
  }

  /** A marker of `size` pixels across centred on (x, y). */
  marker(x: number, y: number, shape: MarkerShape, size: number, color: Color): void {
    const c = parseColor(color);
    const r = size / 2;
    const cx = Math.round(x);
    const cy = Math.round(y);
    if (shape === 'cross') {
      const t = Math.max(1, Math.round(size / 4));
      this.line(cx - r, cy - r, cx + r, cy + r, color, { thickness: t });
      this.line(cx - r, cy + r, cx + r, cy - r, color, { thickness: t });
      return;
    }
    const ri = Math.ceil(r);
    for (let dy = -ri; dy <= ri; dy++) {
      for (let dx = -ri; dx <= ri; dx++) {
        const inside =
          shape === 'square' ? Math.max(Math.abs(dx), Math.abs(dy)) <= r
          : shape === 'diamond' ? Math.abs(dx) + Math.abs(dy) <= r * 1.3
          : dx * dx + dy * dy <= r * r;
        if (inside) this.setPixel(cx + dx, cy + dy, c);
      }
    }
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

  /**
   * Text turned 90 degrees anticlockwise (read bottom to top), for a y-axis title. Its box has
   * its top-left corner at (x, y), is textHeight(scale) wide and textWidth(str, scale) tall.
   */
  textVertical(x: number, y: number, str: string, color: Color, scale = 1): void {
    const c = parseColor(color);
    const span = textWidth(str, 1);
    [...str].forEach((ch, i) => {
      this.glyphPixels(ch, (u, v) => {
        const px = Math.round(x) + v * scale;
        const py = Math.round(y) + (span - 1 - (i * ADVANCE + u)) * scale;
        for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) this.setPixel(px + sx, py + sy, c);
      });
    });
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
