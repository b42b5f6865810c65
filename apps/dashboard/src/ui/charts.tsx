import { Box, Text } from 'ink';
import { sparkline } from '@mnist-ts/viz';
import * as f from '../format.js';
import { chartRange, twoSeriesChart } from './braille.js';

/** Colours of the train and test series, everywhere in the dashboard. */
export const SERIES_COLORS = ['cyan', 'magenta'] as const;
const LABEL_COLS = 8;

export interface MetricChartProps {
  title: string;
  /** [train, test] per epoch. */
  series: [number[], number[]];
  width: number;
  rows: number;
  /** Formats the axis labels and the latest values. */
  format: (v: number) => string;
  /** Clamp the y range (accuracy never leaves 0..1). */
  floor?: number;
  ceil?: number;
}

/** A per-epoch chart of train and test, with the latest values in the title line. */
export function MetricChart({ title, series, width, rows, format, floor, ceil }: MetricChartProps) {
  const [train, test] = series;
  const chartWidth = Math.max(4, width - LABEL_COLS);
  const latest = (s: number[]) => (s.length > 0 ? format(s[s.length - 1]!) : '–');
  const head = (
    <Text wrap="truncate">
      <Text bold>{title}</Text>
      <Text color={SERIES_COLORS[0]}>{'  ━ train '}</Text>
      {latest(train)}
      <Text color={SERIES_COLORS[1]}>{'  ━ test '}</Text>
      {latest(test)}
    </Text>
  );
  if (train.length === 0 && test.length === 0) {
    return (
      <Box flexDirection="column" height={rows + 1}>
        {head}
        <Text dimColor>{'  waiting for the first epoch…'}</Text>
      </Box>
    );
  }
  const range = chartRange([...train, ...test], floor, ceil);
  const lines = twoSeriesChart([train, test], { width: chartWidth, height: rows, ...range });
  return (
    <Box flexDirection="column">
      {head}
      {lines.map((segments, r) => (
        <Text key={r} wrap="truncate">
          <Text dimColor>{axisLabel(r, rows, range, format)}</Text>
          {segments.map((s, k) => (
            <Text key={k} {...(s.series >= 0 ? { color: SERIES_COLORS[s.series] } : {})}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

function axisLabel(row: number, rows: number, range: { min: number; max: number }, format: (v: number) => string): string {
  const text = row === 0 ? format(range.max) : row === rows - 1 ? format(range.min) : '';
  return `${text.padStart(LABEL_COLS - 2)} ┤`.slice(-LABEL_COLS);
}

export interface BatchLineProps {
  losses: number[];
  acc: number | null;
  lr: number | null;
  width: number;
}

/** The running batch loss of the current epoch as a sparkline, with accuracy and lr. */
export function BatchLine({ losses, acc, lr, width }: BatchLineProps) {
  const last = losses.length > 0 ? losses[losses.length - 1]! : null;
  const tail = ` ${f.loss(last)}  acc ${f.pct(acc)}  lr ${f.lr(lr)}`;
  const spark = Math.max(0, width - 'batch loss '.length - tail.length - 1);
  return (
    <Text wrap="truncate">
      <Text bold>batch loss </Text>
      <Text color="yellow">{sparkline(losses, spark)}</Text>
      {tail}
    </Text>
  );
}
