import { Box, Text } from 'ink';
import type { EpochMetrics } from '@mnist-ts/train';
import * as f from '../format.js';

const COLUMNS: { title: string; width: number; cell: (m: EpochMetrics) => string }[] = [
  { title: 'ep', width: 3, cell: (m) => String(m.epoch) },
  { title: 'lr', width: 6, cell: (m) => f.lr(m.lr) },
  { title: 'tr loss', width: 7, cell: (m) => f.loss(m.trainLoss) },
  { title: 'tr acc', width: 7, cell: (m) => f.pct(m.trainAcc) },
  { title: 'te loss', width: 7, cell: (m) => f.loss(m.testLoss) },
  { title: 'te acc', width: 7, cell: (m) => f.pct(m.testAcc) },
  { title: 'time', width: 6, cell: (m) => f.secs(m.seconds) },
];

/** Right-aligned columns that fit `width`, dropping trailing columns that do not. */
export function tableColumns(width: number): typeof COLUMNS {
  const out: typeof COLUMNS = [];
  let used = 0;
  for (const c of COLUMNS) {
    if (used + c.width + 1 > width) break;
    out.push(c);
    used += c.width + 1;
  }
  return out;
}

export interface EpochTableProps {
  metrics: EpochMetrics[];
  rows: number;
  width: number;
}

/** The last `rows` epochs, newest at the bottom; the best test accuracy so far in green. */
export function EpochTable({ metrics, rows, width }: EpochTableProps) {
  const cols = tableColumns(width);
  const shown = metrics.slice(-rows);
  const best = metrics.reduce((b, m) => (m.testAcc > b ? m.testAcc : b), -Infinity);
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(cols[i]!.width)).join(' ');
  return (
    <Box flexDirection="column" height={rows + 1}>
      <Text bold wrap="truncate">{line(cols.map((c) => c.title))}</Text>
      {shown.map((m) => (
        <Text key={m.epoch} wrap="truncate" {...(m.testAcc === best ? { color: 'green' } : {})}>
          {line(cols.map((c) => c.cell(m)))}
        </Text>
      ))}
    </Box>
  );
}
