/**
 * visualizeRun: (re)draws a run's figures and report from what its directory holds. Which stages
 * to rerun comes from their declared output kinds, not their type names:
 *   - a stage whose outputs are all `figure`s is redrawn, with its params from the run's spec;
 *   - the stages it depends on run again, except those that produce `model`, `metrics` or
 *     `sweep` values (training): their values come from the run's files instead, through the
 *     loader stages the caller's `recorded` names (in @mnist-ts/pipeline: model.load of the model
 *     file, metrics.load of metrics.jsonl; a sweep's chart is redrawn from sweep.jsonl);
 *   - a stage that needs a value no file holds is left out.
 * The engine knows no file of a run but spec.json: what the other files hold is the stages' affair.
 */
import { join, resolve } from 'node:path';
import type { Emit } from '@mnist-ts/train';
import { refsOf, parseInputKind, type Kind } from './kinds.js';
import type { Registry } from './registry.js';
import { lockRunDir } from './run-dir-lock.js';
import { dependsOn } from './cross-check.js';
import { execute, loadRunSpec, recorder } from './runner.js';
import { validateSpec, type LoadedSpec } from './spec.js';
import { writeRunFile } from './write-gate.js';
import type { PipelineSpec, PipelineSpecInput, StageEntry } from './spec-schema.js';

type Entry = PipelineSpecInput['stages'][number];

/** What a run directory's files give back in place of rerunning training. */
export interface RecordedValues {
  /** Stages that read recorded values back (spec entries, run first). */
  stages: Entry[];
  /** For each recorded kind that a file holds, the reference "<loader id>.<output>" that gives it. */
  refs: Partial<Record<Kind, string>>;
  /** Figures no stage of the spec draws, redrawn from the files (run-relative path -> PNG bytes). */
  figures?: { path: string; data: Uint8Array }[];
}

/** Reads a run directory's files: which loaders give back its recorded values. */
export type RecordedReader = (runDir: string, spec: PipelineSpec, registry: Registry) => RecordedValues;

export interface VisualizeOptions {
  emit?: Emit;
  signal?: AbortSignal;
  registry?: Registry;
  /** The loaders of recorded values (default: none, so only what needs no training is redrawn). */
  recorded?: RecordedReader;
}

export interface VisualizeResult {
  runDir: string;
  /** Every file written (figures, sweep.png, report.html). */
  files: string[];
}

/** Kinds whose values training made: read back from the run's files, never recomputed. */
const RECORDED: readonly Kind[] = ['model', 'metrics', 'sweep'];

/** The stages that redraw a run's figures from its files. */
export function visualizeStages(spec: PipelineSpec, registry: Registry, load: RecordedValues): Entry[] {
  const outputs = (s: StageEntry) => registry.get(s.type)?.outputs ?? {};
  const figure = (s: StageEntry) => Object.values(outputs(s)).length > 0 && Object.values(outputs(s)).every((k) => k === 'figure');
  const recorded = (s: StageEntry) => Object.values(outputs(s)).some((k) => RECORDED.includes(k));
  // Where each output of the run comes from now: a stage rerun gives its own; recorded kinds come from a loader.
  const source = new Map<string, string | undefined>();
  const kept: Entry[] = [];
  const needed = ancestorsOf(spec, spec.stages.filter(figure).map((s) => s.id));
  for (const s of spec.stages.filter((st) => needed.has(st.id))) {
    if (recorded(s) && !figure(s)) {
      for (const [name, kind] of Object.entries(outputs(s))) source.set(`${s.id}.${name}`, load.refs[kind]);
      continue;
    }
    const inputs: Record<string, string | string[]> = {};
    let runnable = true;
    for (const [name, declared] of Object.entries(registry.get(s.type)?.inputs ?? {})) {
      const refs = refsOf(s.inputs[name]).map((r) => (source.has(r) ? source.get(r) : r)).filter((r): r is string => r !== undefined);
      const { list, optional } = parseInputKind(declared);
      if (refs.length > 0) inputs[name] = list ? refs : refs[0]!;
      else if (!optional && refsOf(s.inputs[name]).length > 0) runnable = false;
    }
    if (!runnable) {
      for (const name of Object.keys(outputs(s))) source.set(`${s.id}.${name}`, undefined);
      continue;
    }
    kept.push({ ...s, inputs });
  }
  return [...load.stages, ...kept];
}

/** The given stages and every stage they depend on. */
function ancestorsOf(spec: PipelineSpec, ids: string[]): Set<string> {
  const needed = new Set<string>();
  const visit = (id: string) => {
    const s = spec.stages.find((x) => x.id === id);
    if (!s || needed.has(id)) return;
    needed.add(id);
    dependsOn(s).forEach(visit);
  };
  ids.forEach(visit);
  return needed;
}

export async function visualizeRun(runDir: string, options: VisualizeOptions = {}): Promise<VisualizeResult> {
  const dir = resolve(runDir);
  const loaded = await loadRunSpec(dir, options.registry);
  const lock = lockRunDir(dir, runDir); // not while a run (or another redraw) writes there
  try {
    return await redraw(dir, loaded, options);
  } finally {
    lock.release();
  }
}

async function redraw(dir: string, loaded: LoadedSpec, options: VisualizeOptions): Promise<VisualizeResult> {
  const spec = loaded.spec;
  const { emit, artifacts } = recorder(options.emit);
  const recorded = options.recorded?.(dir, spec, loaded.registry) ?? { stages: [], refs: {} };
  for (const figure of recorded.figures ?? []) emit({ type: 'artifact', kind: 'figure', path: writeRunFile(dir, figure.path, figure.data) });
  const stages = visualizeStages(spec, loaded.registry, recorded);
  if (stages.length > 0) { // a spec has at least one stage: with nothing to redraw, there is no plan to check
    const plan = await validateSpec(
      { name: spec.name, seed: spec.seed, plugins: spec.plugins, stages },
      { file: `${join(dir, 'spec.json')} (redrawing its figures)`, specDir: loaded.specDir, registry: options.registry },
    );
    await execute(plan, spec, dir, { emit, signal: options.signal, resume: true });
  }
  return { runDir: dir, files: artifacts.map((a) => a.path) };
}
