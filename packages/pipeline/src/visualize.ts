/**
 * visualizeRun: (re)draws a run's figures and report from what its directory holds. Which stages
 * to rerun comes from their declared output kinds, not their type names:
 *   - a stage whose outputs are all `figure`s is redrawn, with its params from the run's spec;
 *   - the stages it depends on run again, except those that produce `model`, `metrics` or
 *     `sweep` values (training): their values come from the run's files instead
 *     (model.load of its model file, metrics.load of metrics.jsonl; a sweep's chart is redrawn
 *     from sweep.jsonl and the report goes without it);
 *   - a stage that needs a value no file holds is left out.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { sweepChart, type SweepTrial } from '@mnist-ts/viz';
import type { Emit } from '@mnist-ts/train';
import { refsOf, parseInputKind, type Kind } from './kinds.js';
import type { Registry } from './registry.js';
import { lockRunDir } from './run-dir-lock.js';
import { dependsOn } from './cross-check.js';
import { execute, loadRunSpec, recorder } from './runner.js';
import { validateSpec, type LoadedSpec } from './spec.js';
import { writeRunFile } from './write-gate.js';
import type { PipelineSpec, PipelineSpecInput, StageEntry } from './spec-schema.js';

export interface VisualizeOptions {
  emit?: Emit;
  signal?: AbortSignal;
  registry?: Registry;
}

export interface VisualizeResult {
  runDir: string;
  /** Every file written (figures, sweep.png, report.html). */
  files: string[];
}

type Entry = PipelineSpecInput['stages'][number];
/** Kinds whose values training made: read back from the run's files, never recomputed. */
const RECORDED: readonly Kind[] = ['model', 'metrics', 'sweep'];

/** The run's model file: the safetensors file in it that is not the checkpoint (undefined if none). */
function modelFile(runDir: string): string | undefined {
  const files = readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.safetensors'));
  return files.map((d) => join(d.parentPath, d.name)).find((f) => relative(runDir, f) !== 'checkpoint.safetensors');
}

/** The loaders of recorded values, by kind, and the reference each provides (absent: no file). */
function loaders(runDir: string, spec: PipelineSpec, registry: Registry): { stages: Entry[]; refs: Partial<Record<Kind, string>> } {
  const stages: Entry[] = [];
  const refs: Partial<Record<Kind, string>> = {};
  const metrics = join(runDir, 'metrics.jsonl');
  if (existsSync(metrics) && readFileSync(metrics, 'utf8').trim() !== '') {
    stages.push({ id: 'visualize-metrics', type: 'metrics.load', params: { path: metrics } });
    refs.metrics = 'visualize-metrics.metrics';
  }
  const model = modelFile(runDir);
  if (model) {
    // The loss and λ the model was made with (a file does not record them), from the stage that made it.
    const made = spec.stages.find((s) => !Object.values(registry.get(s.type)?.inputs ?? {}).length && Object.values(registry.get(s.type)?.outputs ?? {}).includes('model'));
    const { loss, l2 } = made?.params ?? {};
    stages.push({ id: 'visualize-model', type: 'model.load', params: { path: model, ...(loss === undefined ? {} : { loss }), ...(l2 === undefined ? {} : { l2 }) } });
    refs.model = 'visualize-model.model';
  }
  return { stages, refs };
}

/** The stages that redraw a run's figures from its files. */
export function visualizeStages(spec: PipelineSpec, runDir: string, registry: Registry): Entry[] {
  const outputs = (s: StageEntry) => registry.get(s.type)?.outputs ?? {};
  const figure = (s: StageEntry) => Object.values(outputs(s)).length > 0 && Object.values(outputs(s)).every((k) => k === 'figure');
  const recorded = (s: StageEntry) => Object.values(outputs(s)).some((k) => RECORDED.includes(k));
  const load = loaders(runDir, spec, registry);
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

/** sweep.jsonl's finished trials (a torn last line from a kill is skipped). */
function readSweepLog(path: string): SweepTrial[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as SweepTrial] : [];
    } catch {
      return [];
    }
  });
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
  const sweepLog = join(dir, 'sweep.jsonl');
  if (existsSync(sweepLog)) {
    emit({ type: 'artifact', kind: 'figure', path: writeRunFile(dir, 'sweep.png', sweepChart(readSweepLog(sweepLog))) });
  }
  const plan = await validateSpec(
    { name: spec.name, seed: spec.seed, plugins: spec.plugins, stages: visualizeStages(spec, dir, loaded.registry) },
    { file: `${join(dir, 'spec.json')} (redrawing its figures)`, specDir: loaded.specDir, registry: options.registry },
  );
  await execute(plan, spec, dir, { emit, signal: options.signal, resume: true });
  return { runDir: dir, files: artifacts.map((a) => a.path) };
}
