/**
 * What a run directory of the built-in stages holds in place of training, for the engine's
 * visualizeRun: metrics.jsonl (read back by metrics.load), the model file (model.load) and a
 * sweep's sweep.jsonl (its chart, sweep.png, is redrawn here: no stage of the spec draws it again).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kind, PipelineSpec, RecordedValues, Registry } from '@mnist-ts/pipeline-core';
import { sweepChart, type SweepTrial } from '@mnist-ts/viz';

/** The run's model file: the safetensors file in it that is not the checkpoint (undefined if none). */
function modelFile(runDir: string): string | undefined {
  const files = readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.safetensors'));
  return files.map((d) => join(d.parentPath, d.name)).find((f) => relative(runDir, f) !== 'checkpoint.safetensors');
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

/** The loaders of a run's recorded values, by kind, and the reference each provides (absent: no file). */
export function runFiles(runDir: string, spec: PipelineSpec, registry: Registry): RecordedValues {
  const stages: RecordedValues['stages'] = [];
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
  const sweepLog = join(runDir, 'sweep.jsonl');
  const figures = existsSync(sweepLog) ? [{ path: 'sweep.png', data: sweepChart(readSweepLog(sweepLog)) }] : [];
  return { stages, refs, figures };
}
