/** A figure of augmented digits: the originals in the top row, one distortion of each per row below. */
import { Canvas, textWidth } from '@mnist-ts/viz';

const ZOOM = 3;
const GAP = 4;
const PAD = 12;
const RULE = '#8c8c8c';

/** Dark ink on white, as the misclassified grid draws digits. */
function digit(pixels: Uint8Array, offset: number) {
  const data = new Uint8Array(784 * 4);
  for (let i = 0; i < 784; i++) {
    const g = 255 - pixels[offset + i]!;
    data.set([g, g, g, 255], i * 4);
  }
  return { width: 28, height: 28, data };
}

/** PNG bytes: `n` columns; row 0 = originals, row k = versions[k − 1]; a rule under the originals. */
export function augmentedGrid(originals: Uint8Array, versions: readonly Uint8Array[], n: number, title: string): Uint8Array {
  const cell = 28 * ZOOM + GAP;
  const titleH = 24;
  const width = Math.max(n * cell - GAP, textWidth(title, 2)) + 2 * PAD;
  const height = PAD + titleH + (versions.length + 1) * cell + GAP + PAD;
  const canvas = new Canvas(width, height);
  canvas.fillRect(0, 0, width, height, '#ffffff');
  canvas.text(PAD, PAD, title, '#222222', 2);
  const rows = [originals, ...versions];
  rows.forEach((images, r) => {
    const y = PAD + titleH + r * cell + (r > 0 ? GAP : 0);
    for (let i = 0; i < n; i++) canvas.blit(digit(images, i * 784), PAD + i * cell, y, ZOOM);
  });
  canvas.fillRect(PAD, PAD + titleH + cell - GAP / 2, n * cell - GAP, 1, RULE);
  return canvas.toPng();
}
