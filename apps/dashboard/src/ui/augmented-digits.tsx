import { Box, Text } from 'ink';
import type { DigitSamples } from '../state.js';

/** Braille dot bit of pixel (dx, dy) in a 2 × 4 cell (Unicode's dot numbering). */
const DOT = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];
/** A pixel at least this bright (of 255) is ink: a dot. MNIST strokes are mostly 255, their rims lower. */
export const INK = 100;

/**
 * A 28×28 uint8 digit as 7 lines of 14 braille characters, one dot per pixel (2 × 4 per
 * character): full resolution in a quarter of the W1 units' space, and legible without colour.
 */
export function digitLines(image: Uint8Array): string[] {
  return Array.from({ length: 7 }, (_, line) => {
    let out = '';
    for (let cell = 0; cell < 14; cell++) {
      let bits = 0;
      for (let dx = 0; dx < 2; dx++) {
        for (let dy = 0; dy < 4; dy++) if (image[(line * 4 + dy) * 28 + cell * 2 + dx]! >= INK) bits |= DOT[dx]![dy]!;
      }
      out += String.fromCharCode(0x2800 + bits);
    }
    return out;
  });
}

/** `count` digits side by side, one space apart: 7 lines. */
function strip(images: readonly Uint8Array[]): string {
  const drawn = images.map(digitLines);
  return drawn[0]!.map((_, r) => drawn.map((d) => d[r]!).join(' ')).join('\n');
}

export interface AugmentedDigitsProps {
  samples: DigitSamples;
  count: number;
}

/**
 * A few training digits of the current epoch: as the data has them (top, dim) and as this epoch's
 * augmentation distorted them, the very bytes it trains on (below). Redrawn each epoch.
 */
export function AugmentedDigits({ samples, count }: AugmentedDigitsProps) {
  const n = Math.min(count, samples.images.length);
  if (n === 0) return null;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        augmented <Text dimColor>epoch {samples.epoch} · {samples.labels.slice(0, n).join(' ')}</Text>
      </Text>
      <Text dimColor>{strip(samples.originals.slice(0, n))}</Text>
      <Text>{strip(samples.images.slice(0, n))}</Text>
    </Box>
  );
}
