/**
 * frameDigit: a grey image of one digit (white ink on black, any size) framed the way MNIST's
 * digits were (LeCun, Cortes, Burges): the ink's bounding box is scaled, keeping its aspect
 * ratio, so that its longer side is 20 pixels (area averaging: each output pixel is the mean of
 * the source area it covers); then it is placed in a 28×28 field so that its centre of mass
 * (Σ x·p / Σ p over pixel indices) lands on the field's centre, 13.5 in index units.
 *
 * The function is self-contained on purpose (no imports, no helpers outside its body): the HTML
 * report embeds its source text (`String(frameDigit)`) so that the page's draw-a-digit canvas
 * frames a drawing exactly as `mnist predict` frames an image file.
 */

/**
 * `pixels`: width·height grey values 0..255, row-major, ink bright. Returns 784 bytes. Pixels
 * below a tenth of the brightest one do not count for the bounding box (anti-aliasing fringes,
 * paper noise); an image with no ink at all gives 784 zeros.
 */
export function frameDigit(pixels: ArrayLike<number>, width: number, height: number): Uint8Array {
  const SIDE = 28;
  const BOX = 20;
  const out = new Uint8Array(SIDE * SIDE);
  let max = 0;
  for (let i = 0; i < width * height; i++) max = Math.max(max, pixels[i] ?? 0);
  if (max <= 0) return out;
  // 1. the ink's bounding box [x0, x1) × [y0, y1)
  let x0 = width, y0 = height, x1 = 0, y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((pixels[y * width + x] ?? 0) < max / 10) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x + 1);
      y0 = Math.min(y0, y); y1 = Math.max(y1, y + 1);
    }
  }
  // 2. scale the box so its longer side is 20, by area averaging (separable: rows, then columns)
  const bw = x1 - x0, bh = y1 - y0;
  const s = BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * s)), h = Math.max(1, Math.round(bh * s));
  /** For each of `n` target cells over source [from, from+len): [source index, weight] pairs. */
  const weights = (from: number, len: number, n: number): [number, number][][] => {
    const step = len / n;
    return Array.from({ length: n }, (_, i) => {
      const lo = from + i * step, hi = lo + step;
      const cells: [number, number][] = [];
      for (let c = Math.floor(lo); c < Math.ceil(hi); c++) {
        const overlap = Math.min(hi, c + 1) - Math.max(lo, c);
        if (overlap > 1e-9) cells.push([c, overlap / step]);
      }
      return cells;
    });
  };
  const wx = weights(x0, bw, w), wy = weights(y0, bh, h);
  const rows = new Float64Array(bh * w);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const [c, f] of wx[x]!) sum += f * (pixels[(y0 + y) * width + c] ?? 0);
      rows[y * w + x] = sum;
    }
  }
  const small = new Float64Array(w * h);
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const [c, f] of wy[y]!) sum += f * rows[(c - y0) * w + x]!;
      small[y * w + x] = sum;
      mass += sum; mx += x * sum; my += y * sum;
    }
  }
  // 3. shift so the centre of mass sits at (13.5, 13.5); ink pushed past the edge is cut off
  const dx = Math.round((SIDE - 1) / 2 - mx / mass), dy = Math.round((SIDE - 1) / 2 - my / mass);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const tx = x + dx, ty = y + dy;
      if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE) out[ty * SIDE + tx] = Math.min(255, Math.max(0, Math.round(small[y * w + x]!)));
    }
  }
  return out;
}
