/**
 * visualizeRun: (re)draws every figure and report.html of a run directory from what it holds
 * (spec.json, metrics.jsonl, model.safetensors, sweep.jsonl). It builds a small pipeline from the
 * run's own spec (its data stages, then model.load, metrics.load and the figure stages with the
 * run's params) and runs it in the directory: the same stages draw the same figures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@mnist-ts/nn';
import { sweepChart, type SweepTrial } from '@mnist-ts/viz';
import type { Emit, TrainEvent } from '@mnist-ts/train';
import type { Registry } from './registry.js';
import { refsOf } from './kinds.js';
import { execute, loadRunSpec } from './runner.js';
import { validateSpec } from './spec.js';
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

/** A stage and every stage it depends on, in spec order. */
function withAncestors(spec: PipelineSpec, id: string): StageEntry[] {
  const needed = new Set<string>();
  const visit = (sid: string) => {
    const s = spec.stages.find((x) => x.id === sid);
    if (!s || needed.has(sid)) return;
    needed.add(sid);
    for (const ref of Object.values(s.inputs).flatMap(refsOf)) visit(ref.split('.')[0]!);
    for (const n of s.needs ?? []) visit(n);
  };
  visit(id);
  return spec.stages.filter((s) => needed.has(s.id));
}

/** The stages that redraw a run's figures from its files. */
export function visualizeStages(spec: PipelineSpec, runDir: string): Entry[] {
  const find = (type: string) => spec.stages.find((s) => s.type === type);
  const params = (type: string) => find(type)?.params ?? {};
  const dataRef = refsOf(find('eval.accuracy')?.inputs.data ?? find('train.sgd')?.inputs.data ?? find('train.sweep')?.inputs.data)[0];
  const stages: Entry[] = dataRef ? withAncestors(spec, dataRef.split('.')[0]!) : [];
  const report: Record<string, string> = {};
  const metricsFile = join(runDir, 'metrics.jsonl');
  if (existsSync(metricsFile) && readFileSync(metricsFile, 'utf8').trim() !== '') {
    stages.push({ id: 'visualize-metrics', type: 'metrics.load', params: { path: metricsFile } });
    stages.push({ id: 'visualize-curves', type: 'viz.curves', params: params('viz.curves'), inputs: { metrics: 'visualize-metrics.metrics' } });
    report.metrics = 'visualize-metrics.metrics';
  }
  const modelFile = resolve(runDir, String(params('model.save').path ?? 'model.safetensors'));
  if (existsSync(modelFile)) {
    const init = params('model.two-layer');
    const loss = { ...(init.loss === undefined ? {} : { loss: init.loss }), ...(init.l2 === undefined ? {} : { l2: init.l2 }) };
    stages.push({ id: 'visualize-model', type: 'model.load', params: { path: modelFile, ...loss } });
    stages.push({ id: 'visualize-weights', type: 'viz.weights', params: params('viz.weights'), inputs: { model: 'visualize-model.model' } });
    report.model = 'visualize-model.model';
    if (dataRef) {
      const evaluation = { evaluation: 'visualize-eval.evaluation' };
      stages.push({ id: 'visualize-eval', type: 'eval.accuracy', params: params('eval.accuracy'), inputs: { model: 'visualize-model.model', data: dataRef } });
      stages.push({ id: 'visualize-confusion', type: 'viz.confusion', params: params('viz.confusion'), inputs: evaluation });
      stages.push({ id: 'visualize-misclassified', type: 'viz.misclassified', params: params('viz.misclassified'), inputs: evaluation });
      report.evaluation = evaluation.evaluation;
    }
  }
  stages.push({ id: 'visualize-report', type: 'report.html', params: params('report.html'), inputs: report });
  return stages;
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
  const spec = loaded.spec;
  const files: string[] = [];
  const emit = (e: TrainEvent) => {
    if (e.type === 'artifact') files.push(e.path);
    options.emit?.(e);
  };
  const sweepLog = join(dir, 'sweep.jsonl');
  if (existsSync(sweepLog)) {
    writeFileAtomic(join(dir, 'sweep.png'), sweepChart(readSweepLog(sweepLog)));
    emit({ type: 'artifact', kind: 'figure', path: join(dir, 'sweep.png') });
  }
  const plan = await validateSpec(
    { name: spec.name, seed: spec.seed, plugins: spec.plugins, stages: visualizeStages(spec, dir) },
    { file: `${join(dir, 'spec.json')} (redrawing its figures)`, specDir: loaded.specDir, registry: options.registry },
  );
  await execute(plan, spec, dir, { emit, signal: options.signal, resume: true });
  return { runDir: dir, files };
}
