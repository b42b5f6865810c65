// Confusion matrix heat map: rows are true classes, columns predicted ones, counts in the cells
// and each row's recall (per-class accuracy) at the right.
import { Canvas, type Rect } from './canvas.js';
import { luminance, sequential, type Rgba } from './color.js';
import { textHeight, textWidth } from './font.js';
import { INK, MUTED, drawTitle, sizes, type Sizes } from './frame.js';

export interface ConfusionOptions {
  title?: string;
  /** Device-pixel ratio (default 2). */
  dpr?: number;
}

const CORRECT = '#2166ac';
const WRONG = '#d6604d';
const CELL_LINE = '#d9d9d9';

/**
 * Cell colour. The diagonal is shaded by the row's recall (count / row total). Off the diagonal
 * the shade is sqrt(count / largest off-diagonal count): errors are rare next to the diagonal, so
 * they get their own scale, and the square root keeps a handful of errors visible.
 */
function cellColor(count: number, rowTotal: number, maxOff: number, diagonal: boolean): Rgba {
  if (diagonal) return sequential(rowTotal > 0 ? count / rowTotal : 0, CORRECT);
  return sequential(maxOff > 0 ? Math.sqrt(count / maxOff) : 0, WRONG);
}

function validate(counts: readonly (readonly number[])[], labels: readonly string[]): void {
  const n = counts.length;
  if (n === 0) throw new Error('confusionMatrix: expected a square matrix of counts, got no rows');
  counts.forEach((row, i) => {
    if (row.length !== n) throw new Error(`confusionMatrix: row ${i} has ${row.length} entries, expected ${n} (a square matrix)`);
  });
  if (labels.length !== n) throw new Error(`confusionMatrix: expected ${n} labels, got ${labels.length}`);
}

/** Draws the matrix on a new canvas; `labels` default to 0, 1, ... */
export function confusionMatrixCanvas(
  counts: readonly (readonly number[])[],
  labels: readonly string[] = counts.map((_, i) => String(i)),
  options: ConfusionOptions = {},
): Canvas {
  validate(counts, labels);
  const s = sizes(options.dpr ?? 2);
  const th = textHeight(s.text);
  const n = counts.length;
  const all = counts.flat();
  const cell = Math.max(Math.round(26 * s.dpr), ...all.map((c) => textWidth(String(c), s.text) + 2 * s.gap));
  const rowLabelW = Math.max(...labels.map((l) => textWidth(l, s.text)));
  const recallW = textWidth('100.0%', s.text) + 2 * s.gap;
  const title = options.title ?? 'Confusion matrix';
  const left = s.pad + th + s.gap + rowLabelW + s.gap;
  const top = s.pad + textHeight(s.title) + s.gap + th + s.gap + th + s.gap;
  const width = Math.max(left + n * cell + recallW + s.pad, textWidth(title, s.title) + 2 * s.pad);
  const canvas = new Canvas(width, top + n * cell + s.pad);
  drawTitle(canvas, { x: 0, y: s.pad, w: canvas.width, h: 0 }, title, s);
  const headY = s.pad + textHeight(s.title) + s.gap;
  const pred = 'predicted';
  canvas.text(left + (n * cell - textWidth(pred, s.text)) / 2, headY, pred, MUTED, s.text);
  canvas.text(left + n * cell + s.gap, headY + th + s.gap, 'recall', MUTED, s.text);
  canvas.textVertical(s.pad, top + (n * cell - textWidth('true', s.text)) / 2, 'true', MUTED, s.text);
  let maxOff = 0;
  counts.forEach((row, i) => row.forEach((c, j) => { if (i !== j && c > maxOff) maxOff = c; }));
  counts.forEach((row, i) => {
    const y = top + i * cell;
    const label = labels[i] ?? '';
    canvas.text(left - s.gap - textWidth(label, s.text), y + (cell - th) / 2, label, INK, s.text);
    canvas.text(left + i * cell + (cell - textWidth(label, s.text)) / 2, headY + th + s.gap, label, INK, s.text);
    drawRow(canvas, row, i, { x: left, y, w: cell, h: cell }, maxOff, s);
  });
  return canvas;
}

/** Row i's cells (the first at `first`) and its recall to their right. */
function drawRow(canvas: Canvas, row: readonly number[], i: number, first: Rect, maxOff: number, s: Sizes): void {
  const th = textHeight(s.text);
  const cell = first.w;
  const total = row.reduce((a, b) => a + b, 0);
  const ty = first.y + (cell - th) / 2;
  row.forEach((c, j) => {
    const fill = cellColor(c, total, maxOff, i === j);
    const x = first.x + j * cell;
    canvas.fillRect(x, first.y, cell, cell, fill);
    canvas.strokeRect(x, first.y, cell + 1, cell + 1, CELL_LINE);
    const ink = c === 0 ? '#c8c8c8' : luminance(fill) < 0.55 ? '#ffffff' : INK;
    canvas.text(x + (cell - textWidth(String(c), s.text)) / 2, ty, String(c), ink, s.text);
  });
  const recall = total > 0 ? `${((100 * (row[i] ?? 0)) / total).toFixed(1)}%` : '-';
  canvas.text(first.x + row.length * cell + s.gap, ty, recall, INK, s.text);
}

/** Renders the confusion matrix to PNG bytes. */
export function confusionMatrix(
  counts: readonly (readonly number[])[],
  labels?: readonly string[],
  options: ConfusionOptions = {},
): Uint8Array {
  return confusionMatrixCanvas(counts, labels, options).toPng();
}
