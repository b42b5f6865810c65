/**
 * One pipeline call (run, train, sweep, resume) under a chosen view: the Ink dashboard, the plain
 * log or JSON lines. Owns Ctrl-C: the first press aborts gracefully (training stops between
 * batches, the pipeline writes a checkpoint, exit 130); a second leaves at once.
 */
import type { Emit } from '@mnist-ts/train';
import { formatError } from './cli-error.js';
import { EventHub } from './event-hub.js';
import type { Io, Mode } from './io.js';
import { jsonLine } from './json-log.js';
import { Pauser } from './pauser.js';
import type { PipelineOutcome } from './pipeline-api.js';
import { PlainLog } from './plain-log.js';
import { initialState, reduce, type DashboardEvent, type ViewState } from './state.js';
import { resumeHint, summaryLines } from './summary.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INTERRUPTED = 130;

export interface StartContext {
  emit: Emit;
  signal: AbortSignal;
  pause: Pauser;
}

export interface SessionOptions {
  io: Io;
  mode: Mode;
  debug: boolean;
  /** The backend chosen at start-up (shown until the run names its own). */
  backend: string;
  start(ctx: StartContext): Promise<PipelineOutcome>;
  /** Text for an error from the run (the pipeline's formatter when there is one). */
  describeError?: (e: unknown) => string | null;
  /** Replaces the Ink dashboard (tests). */
  mount?: typeof import('./ink-view.js').mountDashboard;
}

interface View {
  emit(e: DashboardEvent): void;
  close(): Promise<void>;
}

export async function runSession(o: SessionOptions): Promise<number> {
  const { io } = o;
  const controller = new AbortController();
  const pauser = new Pauser();
  let stops = 0;
  let view: View | null = null;
  const stop = () => {
    stops++;
    if (stops > 1) return io.exitNow(EXIT_INTERRUPTED);
    pauser.resume(); // a paused trainer must wake up to see the abort
    controller.abort();
    view?.emit({ type: 'dashboard:stopping' });
  };
  view = await openView(o, pauser, stop);
  const removeSigint = io.onInterrupt(stop);
  // The state the summary is printed from, kept beside whichever view is drawing.
  let state: ViewState = initialState;
  const emit = (e: DashboardEvent) => {
    state = reduce(state, e, Date.now());
    view!.emit(e);
  };
  let code: number;
  let failure: unknown = null;
  try {
    const outcome = await o.start({ emit, signal: controller.signal, pause: pauser });
    const interrupted = outcome.interrupted === true;
    const sweep = outcome.sweep ? { sweep: outcome.sweep } : {};
    emit({ ...(outcome.result ?? {}), ...sweep, type: 'result', status: interrupted ? 'interrupted' : 'done', runDir: outcome.runDir });
    code = interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  } catch (e) {
    failure = e;
    const message = o.describeError?.(e) ?? (e instanceof Error ? e.message : String(e));
    emit({ type: 'result', status: 'failed', error: message.split('\n')[0] ?? message, ...(state.run?.runDir ? { runDir: state.run.runDir } : {}) });
    code = EXIT_FAILED;
  } finally {
    removeSigint();
  }
  await view.close();
  if (o.mode === 'plain' && failure === null) for (const l of summaryLines(state, Date.now())) io.stdout.write(`${l.text}\n`);
  if (failure !== null) io.stderr.write(formatError(failure, o.debug, o.describeError));
  // The Ink summary and the plain summary already say how to resume; JSON's stdout cannot.
  if (code === EXIT_INTERRUPTED && o.mode === 'json') {
    const dir = state.result?.['runDir'];
    if (typeof dir === 'string') io.stderr.write(`interrupted; resume with: ${resumeHint(dir)}\n`);
  }
  return code;
}

async function openView(o: SessionOptions, pauser: Pauser, stop: () => void): Promise<View> {
  const { io } = o;
  if (o.mode === 'json') {
    return {
      emit: (e) => {
        if (e.type === 'dashboard:stopping' || e.type === 'dashboard:paused') return;
        io.stdout.write(jsonLine(e));
      },
      close: async () => {},
    };
  }
  if (o.mode === 'plain') {
    const log = new PlainLog(io.stdout, io.stderr);
    return { emit: (e) => log.write(e), close: async () => {} };
  }
  const hub = new EventHub();
  const mount = o.mount ?? (await import('./ink-view.js')).mountDashboard;
  const handle = mount(io, hub, pauser, stop, o.backend);
  return { emit: hub.emit, close: () => handle.close() };
}
