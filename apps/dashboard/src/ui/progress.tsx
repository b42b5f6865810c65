import { Box, Text } from 'ink';
import * as f from '../format.js';
import { elapsed, isSweep, runFraction, type ViewState } from '../state.js';

const LABEL = 7;

/** Two lines: the epoch bar (or trials bar for a sweep) and the run bar with elapsed and ETA. */
export function Progress({ state, width, now }: { state: ViewState; width: number; now: number }) {
  const time = `  ${f.clock(elapsed(state, now))} elapsed  ETA ${f.clock(state.eta)}`;
  if (isSweep(state) && state.run === null) return <SweepProgress state={state} width={width} time={time} />;
  const epochFrac = state.batches > 0 ? state.batch / state.batches : 0;
  const epochTail = `  ${state.batch}/${state.batches}  ${f.rate(state.samplesPerSec)}`;
  const epochLabel = state.epochs > 0 ? `epoch ${state.epoch}/${state.epochs}` : 'epoch –/–';
  const runPct = `${Math.floor(runFraction(state) * 100)}%`.padStart(4);
  return (
    <Box flexDirection="column">
      <Line label={epochLabel} fraction={epochFrac} tail={epochTail} width={width} color="cyan" />
      <Line label={`run ${runPct}`} fraction={runFraction(state)} tail={time} width={width} color="green" />
    </Box>
  );
}

function SweepProgress({ state, width, time }: { state: ViewState; width: number; time: string }) {
  const finished = state.trials.filter((t) => t.status !== 'running').length;
  const running = state.trials.length - finished;
  const best = state.trials.find((t) => t.trial === state.bestTrial);
  const bestText = best ? `best #${best.trial} val ${f.pct(best.valAcc)}  ${f.params(best.params)}` : 'best: none yet';
  return (
    <Box flexDirection="column">
      <Line label={`trials ${finished}/${state.trialsTotal}`} fraction={runFraction(state)} tail={`  ${running} running${time}`} width={width} color="green" />
      <Text wrap="truncate" color="green">
        {bestText}
      </Text>
    </Box>
  );
}

function Line({ label, fraction, tail, width, color }: { label: string; fraction: number; tail: string; width: number; color: string }) {
  const head = `${label.padEnd(Math.max(LABEL, label.length + 1))} `;
  const barWidth = Math.max(4, Math.min(40, width - head.length - tail.length));
  return (
    <Text wrap="truncate">
      {head}
      <Text color={color}>{f.bar(fraction, barWidth)}</Text>
      {tail}
    </Text>
  );
}
