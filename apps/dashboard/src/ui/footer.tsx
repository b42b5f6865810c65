import { Box, Text } from 'ink';
import type { ViewState } from '../state.js';
import { stoppingText, summaryLines, type SummaryLine } from '../summary.js';

const TONE: Record<SummaryLine['tone'], string | undefined> = { good: 'green', warn: 'yellow', bad: 'red', plain: undefined };

/** One line of what needs attention: an error, pause, stop, a warning, or the current stage. */
export function StatusLine({ state }: { state: ViewState }) {
  const error = state.errors[state.errors.length - 1];
  const warning = state.warnings[state.warnings.length - 1];
  if (error) return <Text color="red" wrap="truncate">error: {error.message}</Text>;
  if (state.status === 'paused') return <Text color="yellow" wrap="truncate">paused after this batch — press p to resume</Text>;
  if (state.status === 'stopping') return <Text color="yellow" wrap="truncate">{stoppingText(state.stopRequests)}</Text>;
  if (warning) return <Text color="yellow" wrap="truncate">warning: {warning}</Text>;
  const stage = state.stage ? `stage ${state.stage.id} (${state.stage.stage})` : '';
  const cp = state.checkpoint ? `checkpoint epoch ${state.checkpoint.epoch}` : '';
  return <Text dimColor wrap="truncate">{[stage, cp, state.lastLog ?? ''].filter(Boolean).join(' · ') || ' '}</Text>;
}

/** The keys, one line. */
export function Keys({ interactive }: { interactive: boolean }) {
  if (!interactive) return <Text dimColor>keys need an interactive terminal · Ctrl-C stops</Text>;
  return (
    <Text dimColor wrap="truncate">
      <Text bold>q</Text> stop  <Text bold>p</Text> pause/resume  <Text bold>?</Text> help
    </Text>
  );
}

export function Summary({ state, now }: { state: ViewState; now: number }) {
  return (
    <Box flexDirection="column">
      {summaryLines(state, now).map((l, i) => (
        <Text key={i} wrap="truncate" bold={i === 0} {...(TONE[l.tone] ? { color: TONE[l.tone] } : {})}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

/** The `?` overlay: what each key does and what the panels show. */
export function Help({ rows }: { rows: number }) {
  const lines = [
    'keys',
    '  q, Ctrl-C  stop: the run finishes its batch, writes a checkpoint and exits (130)',
    '             resume later with: pnpm mnist resume <run-dir>',
    '             more presses wait for the checkpoint; after 3 s one quits at once',
    '  p          pause / resume training between batches',
    '  ?, Esc     close this help',
    '',
    'panels',
    '  epoch / run     progress of this epoch and of the whole run; ETA from the recent rate',
    '  accuracy, loss  per epoch: train (cyan) and test (magenta)',
    '  batch loss      running mean loss of the current epoch, batch by batch',
    '  W1 units        input weights of a few hidden units, 28×28 (red +, blue −)',
    '  augmented       training digits as loaded (top), as this epoch trains on them',
    '  table           the last epochs; the best test accuracy in green',
  ];
  return (
    <Box flexDirection="column" height={rows}>
      {lines.slice(0, rows).map((l, i) => (
        <Text key={i} wrap="truncate" bold={l === 'keys' || l === 'panels'}>
          {l || ' '}
        </Text>
      ))}
    </Box>
  );
}
