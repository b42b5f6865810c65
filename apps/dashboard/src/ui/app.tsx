import { useEffect, useMemo, useState } from 'react';
import { Box, useInput, useStdout } from 'ink';
import * as f from '../format.js';
import type { Pauser } from '../pauser.js';
import { isFinished, isSweep, type ViewState } from '../state.js';
import type { ViewStore } from '../view-store.js';
import { BatchLine, MetricChart } from './charts.js';
import { EpochTable } from './epoch-table.js';
import { Help, Keys, StatusLine, Summary } from './footer.js';
import { Header } from './header.js';
import { sweepRows, trainLayout, type TrainLayout } from './layout.js';
import { AugmentedDigits } from './augmented-digits.js';
import { Progress } from './progress.js';
import { TrialsTable } from './trials-table.js';
import { keyPresses } from './keys.js';
import { useDrawnState } from './use-drawn-state.js';
import { W1Preview } from './w1-preview.js';

export interface AppProps {
  /** The view state's one owner: the session's store, or one a test fills. */
  store: ViewStore;
  /** The `p` key toggles it; the trainer waits on it between batches. */
  pauser?: Pauser;
  /** `q` / Ctrl-C: ask the run to stop (the session aborts it, counts presses, and tells the store). */
  onStop?: () => void;
  /** Terminal size; read from stdout (and followed on resize) when not given. */
  width?: number;
  height?: number;
  /** ANSI colours in the W1 heat maps. */
  color?: boolean;
  /** Keys are read only when stdin is a terminal. */
  interactive?: boolean;
  /** The backend chosen at start-up, shown until the run announces its own. */
  backend?: string;
  /** How often the elapsed clock redraws (ms). */
  tickMs?: number;
  /**
   * Batch progress redraws at most this often (ms); other events draw at once. A frame costs
   * 10-20 ms of the thread that also trains, so drawing every batch event would slow training.
   */
  frameMs?: number;
  /** Called once the closing summary has been drawn (the session then releases the terminal). */
  onSummaryDrawn?: () => void;
}

/** The live dashboard: a function of the store's state, the terminal size and the keys. */
export function App({ store, pauser, onStop, width, height, color = false, interactive = true, backend, tickMs = 1000, frameMs = 250, onSummaryDrawn }: AppProps) {
  const drawn = useDrawnState(store, frameMs);
  const { state } = drawn;
  const [tick, setTick] = useState(() => Date.now());
  const now = Math.max(tick, drawn.at);
  const [help, setHelp] = useState(false);
  const size = useTerminalSize(width, height);
  useEffect(() => {
    const id = setInterval(() => setTick(Date.now()), tickMs);
    return () => clearInterval(id);
  }, [tickMs]);
  useInput(
    (input, key) => {
      for (const k of keyPresses(input, key)) {
        if (k === 'stop') onStop?.();
        else if (k === 'pause' && pauser && !isFinished(store.state) && store.state.status !== 'stopping') {
          store.dispatch({ type: 'dashboard:paused', paused: pauser.toggle() });
        } else if (k === 'help') setHelp((h) => !h);
        else if (k === 'close') setHelp(false);
      }
    },
    { isActive: interactive },
  );
  const finished = isFinished(state);
  useEffect(() => {
    if (finished) onSummaryDrawn?.(); // effects run after the commit that drew it
  }, [finished, onSummaryDrawn]);
  const sweepView = isSweep(state) && state.run === null;
  return (
    <Box flexDirection="column" width={size.width}>
      <Header state={state} width={size.width} {...(backend ? { backend } : {})} />
      <Progress state={state} width={size.width} now={now} />
      {sweepView ? (
        help ? <Help rows={sweepRows(size.height, finished) + 1} /> : <TrialsTable trials={state.trials} best={state.bestTrial} rows={sweepRows(size.height, finished)} width={size.width} />
      ) : (
        <TrainPanels state={state} layout={trainLayout(size.width, size.height, finished, state.samples !== null)} color={color} help={help} width={size.width} />
      )}
      {finished ? (
        <Summary state={state} now={now} />
      ) : (
        <>
          <StatusLine state={state} />
          <Keys interactive={interactive} />
        </>
      )}
    </Box>
  );
}

function TrainPanels({ state, layout, color, help, width }: { state: ViewState; layout: TrainLayout; color: boolean; help: boolean; width: number }) {
  const m = state.metrics;
  const chartWidth = layout.wide ? layout.leftWidth - 1 : width;
  // The charts, table and heat maps change once an epoch: build them only then.
  const epochCharts = useMemo(
    () => (
      <>
        <MetricChart title="accuracy" series={[m.map((x) => x.trainAcc), m.map((x) => x.testAcc)]} width={chartWidth} rows={layout.accRows} format={f.pct} floor={0} ceil={1} />
        <MetricChart title="loss" series={[m.map((x) => x.trainLoss), m.map((x) => x.testLoss)]} width={chartWidth} rows={layout.lossRows} format={f.loss} floor={0} />
      </>
    ),
    [m, chartWidth, layout.accRows, layout.lossRows],
  );
  const table = useMemo(() => layout.tableRows > 0 && <EpochTable metrics={m} rows={layout.tableRows} width={chartWidth} />, [m, layout.tableRows, chartWidth]);
  const preview = useMemo(
    () =>
      (layout.units > 0 || layout.digits > 0) && (
        <Box width={layout.side} flexDirection="column">
          {layout.units > 0 && <W1Preview units={state.preview} count={layout.units} epoch={m[m.length - 1]?.epoch ?? 0} color={color} />}
          {layout.digits > 0 && state.samples && <AugmentedDigits samples={state.samples} count={layout.digits} />}
        </Box>
      ),
    [state.preview, state.samples, layout.units, layout.digits, layout.side, m, color],
  );
  if (help) return <Help rows={layout.middle} />;
  const charts = (
    <Box flexDirection="column" width={chartWidth}>
      {epochCharts}
      <BatchLine losses={state.batchLoss} acc={state.batchAcc} lr={state.lr} width={chartWidth} />
      {table}
    </Box>
  );
  return (
    <Box flexDirection={layout.wide ? 'row' : 'column'} height={layout.middle} overflow="hidden">
      {charts}
      {layout.wide && <Box width={1} />}
      {preview}
    </Box>
  );
}

/** The given size, or stdout's columns × rows, followed on 'resize'. */
function useTerminalSize(width?: number, height?: number): { width: number; height: number } {
  const { stdout } = useStdout();
  const read = () => ({ width: stdout.columns || 80, height: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { width: width ?? size.width, height: height ?? size.height };
}
