/**
 * The closing lines of a run: final numbers and where the model, figures and report went, or how
 * to resume, or what failed. The Ink view and the plain log print the same lines.
 */
import { dirname } from 'node:path';
import * as f from './format.js';
import { elapsed, isSweep, type ViewState } from './state.js';

export interface SummaryLine {
  text: string;
  tone: 'good' | 'warn' | 'bad' | 'plain';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The shell command that continues an interrupted run. */
export function resumeHint(runDir: string): string {
  return `pnpm mnist resume ${runDir}`;
}

/** After the first stop request, more presses wait this long before one may quit at once. */
export const FORCE_STOP_AFTER_MS = 3_000;

/** What the views say while a stop is under way (`requests`: stop presses so far). */
export function stoppingText(requests: number): string {
  if (requests <= 1) return 'stopping: finishing the batch and writing a checkpoint…';
  return `stopping, please wait: the checkpoint is being written (a Ctrl-C after ${FORCE_STOP_AFTER_MS / 1000} s quits at once, keeping the last saved checkpoint)`;
}

export function summaryLines(s: ViewState, now: number): SummaryLine[] {
  const r = s.result ?? {};
  const runDir = str(r['runDir']) ?? s.run?.runDir ?? null;
  if (s.status === 'failed') {
    const last = s.errors[s.errors.length - 1];
    const why = str(r['error']) ?? last?.message ?? 'see the messages above';
    return [{ text: `✗ failed: ${why}`, tone: 'bad' }, ...(runDir ? [{ text: `run dir  ${runDir}`, tone: 'plain' as const }] : [])];
  }
  if (s.status === 'interrupted') {
    const lines: SummaryLine[] = [{ text: `■ interrupted during epoch ${s.epoch}/${s.epochs}`, tone: 'warn' }];
    if (s.checkpoint) lines.push({ text: `checkpoint  ${s.checkpoint.path}`, tone: 'plain' });
    if (runDir) lines.push({ text: `resume with: ${resumeHint(runDir)}`, tone: 'plain' });
    return lines;
  }
  // The wall time of the whole run, as the progress line counts it (the result's `seconds` is
  // training alone: it leaves out loading, evaluation, figures and any wait for augmented images).
  // (A run's wall time is never less than its training; the max only matters for replayed events.)
  const took = Math.max(elapsed(s, now), num(r['seconds']) ?? 0);
  const parts = [`✓ done in ${f.clock(took)}`];
  const trainAcc = num(r['trainAcc']);
  const testAcc = num(r['testAcc']);
  const testLoss = num(r['testLoss']);
  const epochs = num(r['epochs']);
  if (epochs !== null) parts.push(`${epochs} epoch${epochs === 1 ? '' : 's'}`);
  if (trainAcc !== null) parts.push(`train ${f.pct(trainAcc)}`);
  if (testAcc !== null) parts.push(`test ${f.pct(testAcc)}`);
  if (testLoss !== null) parts.push(`test loss ${f.loss(testLoss)}`);
  const lines: SummaryLine[] = [{ text: parts.join(' · '), tone: 'good' }];
  if (isSweep(s)) {
    const best = s.trials.find((t) => t.trial === s.bestTrial);
    if (best) lines.push({ text: `best     trial ${best.trial}: ${f.params(best.params)} · val acc ${f.pct(best.valAcc)}`, tone: 'plain' });
  }
  const model = str(r['modelPath']);
  if (model) lines.push({ text: `model    ${model}`, tone: 'plain' });
  const figures = s.artifacts.filter((a) => a.path.endsWith('.png'));
  if (figures.length > 0) {
    const dir = dirname(figures[0]!.path);
    lines.push({ text: `figures  ${dir} (${figures.length} file${figures.length === 1 ? '' : 's'})`, tone: 'plain' });
  }
  const report = s.artifacts.find((a) => a.path.endsWith('.html'));
  if (report) lines.push({ text: `report   ${report.path}`, tone: 'plain' });
  else if (runDir && !model) lines.push({ text: `run dir  ${runDir}`, tone: 'plain' });
  return lines;
}
