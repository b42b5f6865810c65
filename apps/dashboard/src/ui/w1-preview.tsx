import { Box, Text } from 'ink';
import { heatmapHalfBlock } from '@mnist-ts/viz';

export interface W1PreviewProps {
  units: Float32Array[] | null;
  count: number;
  epoch: number;
  /** 256-colour half blocks on a colour terminal; ASCII shades otherwise (and in tests). */
  color: boolean;
}

/**
 * A few hidden units of W1, each its 784 input weights as a 28×28 heat map (red positive, blue
 * negative), redrawn each epoch: the strokes the unit responds to form as training goes on.
 */
export function W1Preview({ units, count, epoch, color }: W1PreviewProps) {
  const shown = (units ?? []).slice(0, count);
  if (shown.length === 0) {
    return (
      <Box flexDirection="column" width={28 * Math.max(1, count)}>
        <Text bold>W1 units</Text>
        <Text dimColor wrap="truncate">after the first epoch</Text>
      </Box>
    );
  }
  const maps = shown.map((u) => heatmapHalfBlock(u, 28, 28, { color }).map(dropRepeatedColors));
  const lines = maps[0]!.map((_, r) => maps.map((m) => m[r]!).join(' '));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {shown.length === 1 ? 'W1 unit 1' : `W1 units 1–${shown.length}`} <Text dimColor>epoch {epoch}</Text>
      </Text>
      {/* Exactly 28 cells per unit: no truncation, which would re-parse every colour code. */}
      <Text>{lines.join('\n')}</Text>
    </Box>
  );
}

const CELL = /\x1b\[38;5;(\d+);(48;5;\d+|49)m/g;

/**
 * viz writes a colour code before every cell; a code equal to the one before it changes nothing.
 * Dropping those makes the line shorter for the terminal and for Ink, which re-reads every code
 * on every frame.
 */
export function dropRepeatedColors(line: string): string {
  let last = '';
  return line.replace(CELL, (code: string) => {
    if (code === last) return '';
    last = code;
    return code;
  });
}
