import { Box, Text } from 'ink';
import * as f from '../format.js';
import type { TrialRow } from '../state.js';

const STATUS_COLOR = { running: 'yellow', ok: 'white', failed: 'red' } as const;

/**
 * The sweep's trials: number, parameters, status, validation accuracy, time. The best trial so
 * far is marked ★ in green. With more trials than rows it shows the latest ones and keeps the
 * best pinned on top.
 */
export function TrialsTable({ trials, best, rows, width }: { trials: TrialRow[]; best: number | null; rows: number; width: number }) {
  const shown = pickRows(trials, best, rows);
  const paramWidth = Math.max(8, width - 36);
  const line = (mark: string, n: string, p: string, status: string, val: string, time: string) =>
    `${mark}${n.padStart(3)}  ${f.fit(p, paramWidth).padEnd(paramWidth)}  ${status.padEnd(7)} ${val.padStart(7)} ${time.padStart(8)}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {line(' ', '#', 'params', 'status', 'val acc', 'time')}
      </Text>
      {shown.map((t) => {
        const isBest = t.trial === best;
        return (
          <Text key={t.trial} wrap="truncate" color={isBest ? 'green' : STATUS_COLOR[t.status]} bold={isBest}>
            {line(isBest ? '★' : ' ', String(t.trial), f.params(t.params) + (t.worker ? ` @${t.worker}` : ''), t.status, f.pct(t.valAcc), t.seconds === null ? '…' : f.secs(t.seconds))}
          </Text>
        );
      })}
      {trials.length === 0 && <Text dimColor>waiting for the first trial…</Text>}
    </Box>
  );
}

/** The last `rows` trials; when the best is not among them it replaces the oldest shown. */
export function pickRows(trials: TrialRow[], best: number | null, rows: number): TrialRow[] {
  if (trials.length <= rows) return trials;
  const tail = trials.slice(-rows);
  const bestRow = trials.find((t) => t.trial === best);
  if (!bestRow || tail.includes(bestRow)) return tail;
  return [bestRow, ...tail.slice(1)];
}
