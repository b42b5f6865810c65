// Confusion matrix heat map: rows are true classes, columns predicted ones, counts in the cells
// and each row's recall (per-class accuracy) at the right. One SVG description: the report
// inlines it, the PNG is the same text rasterised.
import { luminance, sequential, type Rgba } from './color.js';
import { INK, MUTED } from './frame.js';
import { el, esc, svgDocument, svgToPng } from './svg.js';

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

const hex = (c: Rgba) => `#${[c[0], c[1], c[2]].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * The matrix as an SVG document; `labels` default to 0, 1, ... Each cell is a
 * <g class="cell" data-true="i" data-pred="j">, so a page can open the digits behind it.
 */
export function confusionMatrixSvg(
  counts: readonly (readonly number[])[],
  labels: readonly string[] = counts.map((_, i) => String(i)),
  options: ConfusionOptions = {},
): string {
  validate(counts, labels);
  const n = counts.length;
  const cell = Math.max(34, ...counts.flat().map((c) => String(c).length * 8 + 10));
  const title = options.title ?? 'Confusion matrix';
  const left = 56;
  const top = 72;
  const width = Math.max(left + n * cell + 70, title.length * 9 + 20);
  const height = top + n * cell + 14;
  let maxOff = 0;
  counts.forEach((row, i) => row.forEach((c, j) => { if (i !== j && c > maxOff) maxOff = c; }));
  const parts = [
    el('text', { x: width / 2, y: 26, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold', fill: INK }, esc(title)),
    el('text', { x: left + (n * cell) / 2, y: 48, 'text-anchor': 'middle', fill: MUTED }, 'predicted'),
    el('text', { x: left + n * cell + 8, y: 66, fill: MUTED }, 'recall'),
    el('text', { x: 16, y: top + (n * cell) / 2, 'text-anchor': 'middle', fill: MUTED, transform: `rotate(-90 16 ${top + (n * cell) / 2})` }, 'true'),
  ];
  counts.forEach((row, i) => {
    const y = top + i * cell;
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(el('text', { x: left - 8, y: y + cell / 2 + 4, 'text-anchor': 'end', fill: INK }, esc(labels[i] ?? '')));
    parts.push(el('text', { x: left + i * cell + cell / 2, y: 66, 'text-anchor': 'middle', fill: INK }, esc(labels[i] ?? '')));
    row.forEach((c, j) => {
      const fill = cellColor(c, total, maxOff, i === j);
      const ink = c === 0 ? '#c8c8c8' : luminance(fill) < 0.55 ? '#ffffff' : INK;
      const x = left + j * cell;
      parts.push(el('g', { class: 'cell', 'data-true': i, 'data-pred': j, 'data-count': c },
        el('rect', { x, y, width: cell, height: cell, fill: hex(fill), stroke: CELL_LINE }) +
        el('text', { x: x + cell / 2, y: y + cell / 2 + 4, 'text-anchor': 'middle', fill: ink }, String(c))));
    });
    const recall = total > 0 ? `${((100 * (row[i] ?? 0)) / total).toFixed(1)}%` : '-';
    parts.push(el('text', { x: left + n * cell + 8, y: y + cell / 2 + 4, fill: INK }, recall));
  });
  return svgDocument(width, height, parts.join(''), { 'data-chart': 'confusion' });
}

/** Renders the confusion matrix to PNG bytes: `confusionMatrixSvg` rasterised at `dpr` (default 2). */
export function confusionMatrix(
  counts: readonly (readonly number[])[],
  labels?: readonly string[],
  options: ConfusionOptions = {},
): Uint8Array {
  return svgToPng(confusionMatrixSvg(counts, labels, options), { dpr: options.dpr ?? 2 });
}
