/**
 * One pipeline call (run, train, sweep, resume) under a chosen view: the Ink dashboard, the plain
 * log or JSON lines. The session's ViewStore folds every event once; the views only read it.
 *
 * It owns stopping. The first Ctrl-C (or `q`) aborts gracefully: training stops between batches,
 * the pipeline writes a checkpoint, exit 130. Presses that follow, even in the same instant (a
 * double tap, keys a terminal batched), only say "stopping, please wait": quitting then could
 * lose the checkpoint being written. A press 3 s or more after the first quits at once, for a
 * stage that does not stop; the checkpoint files are written atomically, so the last one stays.
 * A closed stdout (EPIPE: `mnist train | head -1`) stops the run the same way, silently.
 */
import type { Emit } from '@mnist-ts/train';
import { formatError } from './cli-error.js';
import type { Io, Mode } from './io.js';
import { jsonLine } from './json-log.js';
import { Pauser } from './pauser.js';
import type { PipelineOutcome } from './pipeline-api.js';
import { PlainLog } from './plain-log.js';
import type { DashboardEvent } from './state.js';
import { FORCE_STOP_AFTER_MS, resumeHint, stoppingText, summaryLines } from './summary.js';
import { ViewStore } from './view-store.js';

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
  /** The clock (tests). */
  now?: () => number;
}

export async function runSession(o: SessionOptions): Promise<number> {
  const { io } = o;
  const now = o.now ?? Date.now;
  const store = new ViewStore(now);
  const controller = new AbortController();
  const pauser = new Pauser();
  let firstStop: number | null = null;
  let settled = false;
  let outputClosed = false;
  const abort = () => {
    firstStop ??= now();
    pauser.resume(); // a paused trainer must wake up to see the abort
    controller.abort();
  };
  const stop = () => {
    if (settled) return;
    if (firstStop !== null && now() - firstStop >= FORCE_STOP_AFTER_MS) return io.exitNow(EXIT_INTERRUPTED);
    abort();
    store.dispatch({ type: 'dashboard:stopping' });
  };
  const view = await openView(o, store, pauser, stop);
  const removeSigint = io.onInterrupt(stop);
  const removeClosed = io.onOutputClosed?.(() => {
    if (settled || outputClosed) return;
    outputClosed = true;
    io.stderr.write('stdout was closed (EPIPE): stopping the run after a checkpoint\n');
    abort();
  });
  let code: number;
  let failure: unknown = null;
  try {
    const outcome = await o.start({ emit: store.dispatch, signal: controller.signal, pause: pauser });
    const interrupted = outcome.interrupted === true;
    const sweep = outcome.sweep ? { sweep: outcome.sweep } : {};
    store.dispatch({ ...(outcome.result ?? {}), ...sweep, type: 'result', status: interrupted ? 'interrupted' : 'done', runDir: outcome.runDir });
    code = interrupted ? EXIT_INTERRUPTED : EXIT_OK;
  } catch (e) {
    failure = e;
    const message = o.describeError?.(e) ?? (e instanceof Error ? e.message : String(e));
    const runDir = store.state.run?.runDir;
    store.dispatch({ type: 'result', status: 'failed', error: message.split('\n')[0] ?? message, ...(runDir ? { runDir } : {}) });
    code = EXIT_FAILED;
  } finally {
    settled = true;
    removeSigint();
    removeClosed?.();
  }
  await view.close();
  const state = store.state;
  if (o.mode === 'plain' && failure === null && !outputClosed) for (const l of summaryLines(state, now())) io.stdout.write(`${l.text}\n`);
  if (failure !== null) io.stderr.write(failureText(failure, o, state.errors));
  // The Ink summary and the plain summary already say how to resume; JSON's stdout (or a closed one) cannot.
  if (code === EXIT_INTERRUPTED && (o.mode === 'json' || outputClosed)) {
    const dir = state.result?.['runDir'];
    if (typeof dir === 'string') io.stderr.write(`interrupted; resume with: ${resumeHint(dir)}\n`);
  }
  return code;
}

/**
 * The error for stderr. The plain log has already printed the pipeline's `error` event there,
 * which is the same message: then only what follows it (the stack with --debug) is left to say.
 */
function failureText(failure: unknown, o: SessionOptions, shown: readonly { message: string }[]): string {
  const text = formatError(failure, o.debug, o.describeError);
  const bare = (m: string) => m.replace(/^error: /, '');
  const message = bare(o.describeError?.(failure) ?? (failure instanceof Error ? failure.message : String(failure)));
  const head = `error: ${message}\n`;
  const printed = o.mode === 'plain' && shown.some((e) => bare(e.message) === message);
  return printed && text.startsWith(head) ? text.slice(head.length) : text;
}

interface View {
  close(): Promise<void>;
}

async function openView(o: SessionOptions, store: ViewStore, pauser: Pauser, stop: () => void): Promise<View> {
  const { io } = o;
  if (o.mode === 'json') {
    store.subscribe((e: DashboardEvent, _prev, next) => {
      if (e.type === 'dashboard:stopping') {
        if (next.stopRequests === 2) io.stderr.write(`${stoppingText(2)}\n`); // stdout holds JSON only
        return;
      }
      if (e.type !== 'dashboard:paused') io.stdout.write(jsonLine(e));
    });
    return { close: async () => {} };
  }
  if (o.mode === 'plain') {
    store.subscribe(new PlainLog(io.stdout, io.stderr).onEvent);
    return { close: async () => {} };
  }
  const mount = o.mount ?? (await import('./ink-view.js')).mountDashboard;
  return mount(io, store, pauser, stop, o.backend);
}
