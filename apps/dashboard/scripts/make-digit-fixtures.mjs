#!/usr/bin/env node
/**
 * Writes the digit images `mnist predict` is tested on, from the real MNIST test set:
 *   fixtures/digits/test-<i>-label-<d>.png          test images 0..4, 28×28 8-bit greyscale PNG
 *   fixtures/digits/test-5-label-<d>.pgm            test image 5 as a binary PGM (P5)
 *   fixtures/digits/test-6-label-<d>.ascii.pgm      test image 6 as an ASCII PGM (P2)
 *   fixtures/digits/test-7-label-<d>-inverted-56.png test image 7 black on white at 56×56 (each
 *        pixel doubled), which predict must invert and frame like MNIST (20-pixel box, centre of mass)
 * Run after building the workspace (it imports @mnist-ts/mnist-data's dist):
 *   pnpm build && node apps/dashboard/scripts/make-digit-fixtures.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { loadMnist } from '@mnist-ts/mnist-data';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'digits');
mkdirSync(out, { recursive: true });
const test = loadMnist('test');

function png(path, width, height, grey) {
  const image = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  image.data = Buffer.from(grey);
  writeFileSync(path, PNG.sync.write(image, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 }));
}

const written = [];
for (let i = 0; i <= 4; i++) {
  const name = `test-${i}-label-${test.label(i)}.png`;
  png(join(out, name), 28, 28, test.image(i));
  written.push(name);
}

const p5 = `test-5-label-${test.label(5)}.pgm`;
writeFileSync(join(out, p5), Buffer.concat([Buffer.from('P5\n# MNIST test image 5\n28 28\n255\n'), Buffer.from(test.image(5))]));
written.push(p5);

const p2 = `test-6-label-${test.label(6)}.ascii.pgm`;
const rows = Array.from({ length: 28 }, (_, r) => Array.from(test.image(6).subarray(r * 28, r * 28 + 28)).join(' '));
writeFileSync(join(out, p2), `P2\n# MNIST test image 6\n28 28\n255\n${rows.join('\n')}\n`);
written.push(p2);

const big = new Uint8Array(56 * 56);
const src = test.image(7);
for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) big[y * 56 + x] = 255 - src[(y >> 1) * 28 + (x >> 1)];
const inv = `test-7-label-${test.label(7)}-inverted-56.png`;
png(join(out, inv), 56, 56, big);
written.push(inv);

console.log(`wrote ${written.length} files to ${out}:\n  ${written.join('\n  ')}`);
