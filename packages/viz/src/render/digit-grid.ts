// A grid of digit images with a caption under each: misclassified test digits as
// "true→predicted (probability of the prediction)".
import { Canvas } from './canvas.js';
import { ADVANCE, textHeight, textWidth } from './font.js';
import { INK, MUTED, drawTitle, sizes } from './frame.js';

export interface MisclassifiedItem {
  /** Grey levels 0..255 (0 = background), row-major, a square image (784 = 28 x 28). */
  pixels: Uint8Array;
  trueLabel: number;
  predicted: number;
  /** The model's probability of `predicted`. */
  prob: number;
}

export interface DigitGridOptions {
  /** Tiles per row (default 10). */
  gridCols?: number;
  title?: string;
  /** Device pixels per image pixel (default 2 x dpr). */
  zoom?: number;
  /** Device-pixel ratio (default 2). */
  dpr?: number;
}

const WRONG = '#c0392b';
const FRAME = '#b4b4b4';

function side(item: MisclassifiedItem, k: number): number {
  const n = Math.round(Math.sqrt(item.pixels.length));
  if (n * n !== item.pixels.length || n === 0) {
    throw new Error(`misclassifiedGrid: item ${k} has ${item.pixels.length} pixels, expected a square image (784 = 28x28)`);
  }
  return n;
}

/** Dark ink on white: grey = 255 - pixel. */
function digitImage(pixels: Uint8Array, n: number) {
  const data = new Uint8Array(n * n * 4);
  pixels.forEach((p, i) => data.set([255 - p, 255 - p, 255 - p, 255], i * 4));
  return { width: n, height: n, data };
}

/** Draws the grid on a new canvas; an empty list gives a small image saying so. */
export function misclassifiedGridCanvas(items: readonly MisclassifiedItem[], options: DigitGridOptions = {}): Canvas {
  const s = sizes(options.dpr ?? 2);
  const title = options.title ?? 'Misclassified: true → predicted (probability)';
  const th = textHeight(s.text);
  if (items.length === 0) {
    const msg = 'no misclassified digits';
    const c = new Canvas(textWidth(msg, s.text) + 2 * s.pad, th + 2 * s.pad);
    c.text(s.pad, s.pad, msg, MUTED, s.text);
    return c;
  }
  const n = side(items[0] as MisclassifiedItem, 0);
  items.forEach((it, k) => { if (side(it, k) !== n) throw new Error(`misclassifiedGrid: item ${k} is not ${n}x${n} like item 0`); });
  const zoom = Math.max(1, Math.round(options.zoom ?? 2 * s.dpr));
  const b = Math.max(1, Math.round(s.dpr / 2));
  const captions = items.map((it) => [`${it.trueLabel} → `, String(it.predicted), ` (${it.prob.toFixed(2)})`] as const);
  const capW = Math.max(...captions.map((c) => textWidth(c.join(''), s.text)));
  const cellW = Math.max(n * zoom + 2 * b, capW) + 2 * s.gap;
  const cellH = n * zoom + 2 * b + s.gap + th + 2 * s.gap;
  const cols = Math.max(1, Math.min(options.gridCols ?? 10, items.length));
  const rows = Math.ceil(items.length / cols);
  const titleH = textHeight(s.title) + 2 * s.gap;
  const canvas = new Canvas(Math.max(cols * cellW, textWidth(title, s.title)) + 2 * s.pad, s.pad + titleH + rows * cellH + s.pad);
  drawTitle(canvas, { x: 0, y: s.pad, w: canvas.width, h: 0 }, title, s);
  const x0 = Math.round((canvas.width - cols * cellW) / 2);
  items.forEach((it, k) => {
    const x = x0 + (k % cols) * cellW;
    const y = s.pad + titleH + Math.floor(k / cols) * cellH;
    const tx = x + (cellW - n * zoom - 2 * b) / 2;
    canvas.fillRect(tx, y, n * zoom + 2 * b, n * zoom + 2 * b, FRAME);
    canvas.blit(digitImage(it.pixels, n), Math.round(tx) + b, y + b, zoom);
    const [head, pred, tail] = captions[k] ?? ['', '', ''];
    let cx = x + (cellW - textWidth(head + pred + tail, s.text)) / 2;
    const cy = y + n * zoom + 2 * b + s.gap;
    cx += canvas.text(cx, cy, head, INK, s.text) + s.text * (ADVANCE - 5);
    cx += canvas.text(cx, cy, pred, WRONG, s.text) + s.text * (ADVANCE - 5);
    canvas.text(cx, cy, tail, MUTED, s.text);
  });
  return canvas;
}

/** Renders the grid to PNG bytes. */
export function misclassifiedGrid(items: readonly MisclassifiedItem[], options: DigitGridOptions = {}): Uint8Array {
  return misclassifiedGridCanvas(items, options).toPng();
}
