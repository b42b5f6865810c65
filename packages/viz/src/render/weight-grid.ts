// Weight images as in the paper: one tile per hidden unit or per digit, a diverging colour map
// centred on zero with symmetric scaling, thin borders between tiles, optional labels.
import { Canvas } from './canvas.js';
import { diverging, type Rgba } from './color.js';
import { textHeight, textWidth } from './font.js';
import { INK, MUTED, drawTitle, sizes, type Sizes } from './frame.js';
import { formatShort } from './ticks.js';

/** Tiles given directly, or the columns of a row-major [rows, cols] matrix (first `count`). */
export type TileSource =
  | readonly Float32Array[]
  | { matrix: Float32Array; rows: number; cols: number; count?: number };

export interface WeightGridOptions {
  tiles: TileSource;
  /** Each tile is tileRows x tileCols values, row-major; a shorter tile is padded with blank. */
  tileRows: number;
  tileCols: number;
  /** Tiles per grid row. */
  gridCols: number;
  /** Drawn under each tile. */
  labels?: readonly string[];
  /**
   * 'per-tile': each tile divided by its own max |w| (shows every unit's pattern, hides relative
   * strength); 'per-figure' (default): one max |w| for all tiles (magnitudes comparable).
   */
  scale?: 'per-tile' | 'per-figure';
  /** Device pixels per weight (default 4). */
  zoom?: number;
  title?: string;
  /** Device-pixel ratio for text and spacing (default 2). */
  dpr?: number;
  /** Draw a colour bar (per-figure) or a note on the scaling (per-tile) under the grid (default true). */
  colorbar?: boolean;
}

const BORDER = '#8c8c8c';
const BLANK: Rgba = [232, 232, 232, 255];

/** Column j of a row-major [rows, cols] matrix, for j < count: W1 [784, H] -> H tiles of 784. */
export function matrixColumns(matrix: Float32Array, rows: number, cols: number, count = cols): Float32Array[] {
  if (matrix.length !== rows * cols) {
    throw new Error(`matrixColumns: expected ${rows}x${cols} = ${rows * cols} values, got ${matrix.length}`);
  }
  const n = Math.min(count, cols);
  return Array.from({ length: n }, (_, j) => {
    const col = new Float32Array(rows);
    for (let i = 0; i < rows; i++) col[i] = matrix[i * cols + j] ?? 0;
    return col;
  });
}

/**
 * The rectangle (rows x cols) for a tile of n values, e.g. one hidden layer's weights into a
 * digit: rows = the largest divisor of n that is <= sqrt(n), cols = n / rows (512 -> 16 x 32,
 * 100 -> 10 x 10). When that is longer than 4:1 (n prime, e.g. 7 -> 1 x 7) it takes
 * rows = floor(sqrt(n)), cols = ceil(n / rows) instead and pads the last cells blank (7 -> 2 x 4).
 */
export function tileShape(n: number): { rows: number; cols: number } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`tileShape: expected a positive integer, got ${n}`);
  let rows = Math.floor(Math.sqrt(n));
  while (n % rows !== 0) rows--;
  if (n / rows <= 4 * rows) return { rows, cols: n / rows };
  rows = Math.floor(Math.sqrt(n));
  return { rows, cols: Math.ceil(n / rows) };
}

function resolveTiles(src: TileSource): readonly Float32Array[] {
  return 'matrix' in src ? matrixColumns(src.matrix, src.rows, src.cols, src.count) : src;
}

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** One tile as an image, each value divided by `limit` before the colour map. */
function tileImage(values: Float32Array, rows: number, cols: number, limit: number) {
  const data = new Uint8Array(rows * cols * 4);
  for (let i = 0; i < rows * cols; i++) {
    const v = values[i];
    const c = v === undefined ? BLANK : diverging(limit > 0 ? v / limit : 0);
    data.set(c, i * 4);
  }
  return { width: cols, height: rows, data };
}

interface GridLayout {
  s: Sizes;
  zoom: number;
  b: number;
  tileW: number;
  tileH: number;
  cellW: number;
  cellH: number;
  hgap: number;
  labelH: number;
}

function layout(o: WeightGridOptions): GridLayout {
  const s = sizes(o.dpr ?? 2);
  const zoom = Math.max(1, Math.round(o.zoom ?? 4));
  const b = Math.max(1, Math.round(s.dpr / 2));
  const tileW = o.tileCols * zoom;
  const tileH = o.tileRows * zoom;
  const labelW = Math.max(0, ...(o.labels ?? []).map((l) => textWidth(l, s.text)));
  const labelled = (o.labels?.length ?? 0) > 0;
  // Unlabelled tiles share their borders; labelled ones get room for the label and a gap.
  const hgap = labelled ? s.gap * 2 : 0;
  const labelH = labelled ? textHeight(s.text) + 2 * s.gap : 0;
  return { s, zoom, b, tileW, tileH, cellW: Math.max(tileW + b, labelW), cellH: tileH + b + labelH, hgap, labelH };
}

/** Draws the grid on a new canvas. */
export function weightGridCanvas(o: WeightGridOptions): Canvas {
  const tiles = resolveTiles(o.tiles);
  const L = layout(o);
  const { s } = L;
  const gridCols = Math.max(1, Math.min(o.gridCols, tiles.length || 1));
  const gridRows = Math.max(1, Math.ceil(tiles.length / gridCols));
  const gridW = gridCols * L.cellW + (gridCols - 1) * L.hgap + L.b;
  const titleH = o.title ? textHeight(s.title) + 2 * s.gap : 0;
  const footH = o.colorbar === false ? 0 : s.gap + Math.round(8 * s.dpr) + s.gap + textHeight(s.text);
  const width = Math.max(gridW, o.title ? textWidth(o.title, s.title) : 0, 200 * s.dpr) + 2 * s.pad;
  const height = s.pad + titleH + gridRows * L.cellH + L.b + footH + s.pad;
  const canvas = new Canvas(Math.round(width), Math.round(height));
  drawTitle(canvas, { x: 0, y: s.pad, w: canvas.width, h: titleH }, o.title, s);
  const x0 = Math.round((canvas.width - gridW) / 2);
  const y0 = s.pad + titleH;
  const figureLimit = Math.max(0, ...tiles.map(maxAbs));
  const perTile = o.scale === 'per-tile';
  tiles.forEach((t, k) => {
    const r = Math.floor(k / gridCols);
    const c = k % gridCols;
    const x = x0 + c * (L.cellW + L.hgap) + Math.round((L.cellW - L.tileW - L.b) / 2);
    const y = y0 + r * L.cellH;
    canvas.fillRect(x, y, L.tileW + 2 * L.b, L.tileH + 2 * L.b, BORDER);
    canvas.blit(tileImage(t, o.tileRows, o.tileCols, perTile ? maxAbs(t) : figureLimit), x + L.b, y + L.b, L.zoom);
    const label = o.labels?.[k];
    if (label !== undefined) {
      const lx = x + (L.tileW + 2 * L.b - textWidth(label, s.text)) / 2;
      canvas.text(lx, y + L.tileH + 2 * L.b + s.gap, label, INK, s.text);
    }
  });
  if (o.colorbar !== false) drawScaleNote(canvas, y0 + gridRows * L.cellH + L.b + s.gap, perTile, figureLimit, s);
  return canvas;
}

/** Under the grid: a colour bar from -max to +max, or a note that each tile has its own scale. */
function drawScaleNote(canvas: Canvas, y: number, perTile: boolean, limit: number, s: Sizes): void {
  const barH = Math.round(8 * s.dpr);
  if (perTile) {
    const note = 'each tile scaled to its own max |w|: blue < 0 < red';
    canvas.text((canvas.width - textWidth(note, s.text)) / 2, y + barH / 2, note, MUTED, s.text);
    return;
  }
  const barW = Math.min(canvas.width - 2 * s.pad, Math.round(160 * s.dpr));
  const bx = Math.round((canvas.width - barW) / 2);
  for (let i = 0; i < barW; i++) canvas.fillRect(bx + i, y, 1, barH, diverging((2 * i) / (barW - 1) - 1));
  canvas.strokeRect(bx - 1, y - 1, barW + 2, barH + 2, BORDER);
  const ty = y + barH + s.gap;
  const lo = limit > 0 ? formatShort(-limit) : '0';
  const hi = limit > 0 ? `+${formatShort(limit)}` : '0';
  canvas.text(bx, ty, lo, MUTED, s.text);
  canvas.text(bx + (barW - textWidth('0', s.text)) / 2, ty, '0', MUTED, s.text);
  canvas.text(bx + barW - textWidth(hi, s.text), ty, hi, MUTED, s.text);
}

/** Renders the grid to PNG bytes. */
export function weightGrid(o: WeightGridOptions): Uint8Array {
  return weightGridCanvas(o).toPng();
}
