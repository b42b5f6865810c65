import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadModel } from '@mnist-ts/nn';
import { loadMnist } from '@mnist-ts/mnist-data';
import { readMetrics, train, type TrainEvent } from '@mnist-ts/train';
import { createRegistry, loadRunSpec, outputsOfKind, resumePipeline, runPipeline, defineStage, visualizeRun, type PipelineError, type PipelineRun } from './index.js';
import { removeTempDirs, tempDir, tinySpec, rejection, training } from './test-specs.js';
import { visualizeStages } from '@mnist-ts/pipeline-core';
import { runFiles } from './visualize.js';

afterAll(removeTempDirs);

/** Every file under dir, relative to it, sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

const FIGURES = ['accuracy', 'confusion', 'loss', 'misclassified', 'w1', 'w1w2', 'w2'].map((f) => `figures/${f}.png`);
const RUN_FILES = ['checkpoint.safetensors', ...FIGURES, 'metrics.jsonl', 'model.safetensors', 'report.html', 'spec.json'].sort();

describe('a tiny end-to-end run', () => {
  let run: PipelineRun;
  const events: TrainEvent[] = [];

  beforeAll(async () => {
    run = await runPipeline(tinySpec(), { outDir: join(tempDir(), 'runs'), emit: (e) => events.push(e) });
  }, 120_000); // a whole run: well over the 10 s default when the machine's cores are busy

  it('makes runs/<name>-<timestamp>/ and writes every file there, each announced by an artifact event', () => {
    expect(relative(join(run.runDir, '..', '..'), run.runDir)).toMatch(/^runs\/tiny-\d{8}-\d{6}$/);
    expect(files(run.runDir)).toEqual(RUN_FILES);
    const announced = events.flatMap((e) => (e.type === 'artifact' ? [relative(run.runDir, e.path)] : []));
    expect([...new Set(announced)].sort()).toEqual(RUN_FILES);
  });

  it('returns every stage’s outputs with their declared kinds, in run order', () => {
    expect(Object.keys(run.outputs)).toEqual(['mnist', 'init', 'train', 'eval', 'curves', 'weights', 'confusion', 'misclassified', 'save', 'report']);
    expect(run.kinds.train).toEqual({ model: 'model', metrics: 'metrics' });
    expect(outputsOfKind(run, 'model')).toHaveLength(2); // the fresh model, then the trained one
    expect(training(run)).toMatchObject({ epochs: 2, interrupted: false });
    expect(training(run)!.testAcc).toBeGreaterThan(0.3); // 2 epochs on 500 images, H = 16: far above chance (0.1)
    expect(run.interrupted).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'run:end', status: 'done', runDir: run.runDir });
  });

  it('emits stage:start and stage:end around every stage, in dependency order', () => {
    const starts = events.flatMap((e) => (e.type === 'stage:start' ? [e.id] : []));
    const ends = events.flatMap((e) => (e.type === 'stage:end' ? [e.id] : []));
    expect(starts).toEqual(['mnist', 'init', 'train', 'eval', 'curves', 'weights', 'confusion', 'misclassified', 'save', 'report']);
    expect(ends).toEqual(starts);
    expect(events.filter((e) => e.type === 'epoch:end')).toHaveLength(2);
  });

  it('writes the resolved spec: defaults, seed, base directory and package versions', () => {
    const spec = JSON.parse(readFileSync(join(run.runDir, 'spec.json'), 'utf8')) as Record<string, unknown> & { stages: { id: string; params: object }[] };
    expect(Object.keys(spec)).toEqual(['name', 'description', 'seed', 'baseDir', 'plugins', 'stages', 'versions']);
    expect(spec.seed).toBe(1);
    expect(spec.stages.find((s) => s.id === 'train')?.params).toEqual({
      lr: 0.1, epochs: 2, batchSize: 50, schedule: { kind: 'exponential', gamma: 0.95 }, finalTrainPass: true, previewUnits: 4,
    });
    expect(spec.versions).toMatchObject({ '@mnist-ts/pipeline': '0.1.0', '@mnist-ts/train': '0.1.0', zod: '4.6.7' });
  });

  it('spec.json records each stage type’s version beside the package versions', () => {
    const written = JSON.parse(readFileSync(join(run.runDir, 'spec.json'), 'utf8')) as { versions: Record<string, string> };
    expect(written.versions).toMatchObject({ 'stage:train.sgd': '1', 'stage:data.mnist': '1', 'stage:report.html': '1' });
    expect(written.versions['@mnist-ts/pipeline']).toBe('0.1.0');
  });

  it('saves the model with the CONTRACT metadata', () => {
    const { net, metadata } = loadModel(join(run.runDir, 'model.safetensors'));
    expect(net.config.hidden).toBe(16);
    expect({ ...metadata, spec: undefined }).toEqual({
      format: 'mnist-two-layer/1', hidden: '16', activation: 'relu', normalization: 'x/255*0.99+0.01',
      testAccuracy: String(training(run)!.testAcc), trainAccuracy: String(training(run)!.trainAcc), epochs: '2', seed: '1', spec: undefined,
    });
    expect(JSON.parse(metadata.spec!)).toEqual(JSON.parse(readFileSync(join(run.runDir, 'spec.json'), 'utf8')));
    expect(readMetrics(join(run.runDir, 'metrics.jsonl')).map((m) => m.epoch)).toEqual([1, 2]);
  });

  it('trains exactly what train() trains for the same config and seed', async () => {
    const mnist = loadMnist();
    const direct = await train({ hidden: 16, epochs: 2, batchSize: 50, seed: 1 }, { train: mnist.train.take(500), test: mnist.test.take(200) });
    const { net } = loadModel(join(run.runDir, 'model.safetensors'));
    expect(net.W1.data).toEqual(direct.net.W1.data);
    expect(net.b2.data).toEqual(direct.net.b2.data);
  });

  it('visualize plans by declared kinds: figure stages redrawn, training replaced by its files, exports left alone', async () => {
    const { registry, spec } = await loadRunSpec(run.runDir);
    const plan = visualizeStages(spec, registry, runFiles(run.runDir, spec, registry)).map((s) => `${s.id} (${s.type}) ${JSON.stringify(s.inputs ?? {})}`);
    expect(plan.map((l) => l.replaceAll(run.runDir, '<run>'))).toMatchInlineSnapshot(`
      [
        "visualize-metrics (metrics.load) {}",
        "visualize-model (model.load) {}",
        "mnist (data.mnist) {}",
        "eval (eval.accuracy) {"model":"visualize-model.model","data":"mnist.datasets"}",
        "curves (viz.curves) {"metrics":"visualize-metrics.metrics"}",
        "weights (viz.weights) {"model":"visualize-model.model"}",
        "confusion (viz.confusion) {"evaluation":"eval.evaluation"}",
        "misclassified (viz.misclassified) {"evaluation":"eval.evaluation"}",
        "report (report.html) {"metrics":"visualize-metrics.metrics","evaluation":"eval.evaluation","model":"visualize-model.model"}",
      ]
    `);
  });

  it('visualizeRun redraws every figure and the report from the run directory', async () => {
    rmSync(join(run.runDir, 'figures'), { recursive: true });
    rmSync(join(run.runDir, 'report.html'));
    const redrawn = await visualizeRun(run.runDir);
    expect(files(run.runDir)).toEqual(RUN_FILES);
    expect(redrawn.files.map((f) => relative(run.runDir, f)).sort()).toEqual([...FIGURES, 'report.html'].sort());
    expect(readFileSync(join(run.runDir, 'report.html'), 'utf8')).toContain('data:image/png;base64,');
  });
});

describe('stopping and resuming', () => {
  it('stops after the checkpoint on abort and resumes to the same weights as an unbroken run', async () => {
    const dir = join(tempDir(), 'run');
    const controller = new AbortController();
    const stopAfterEpoch1 = (e: TrainEvent) => {
      if (e.type === 'epoch:end') controller.abort();
    };
    const stopped = await runPipeline(tinySpec(), { runDir: dir, signal: controller.signal, emit: stopAfterEpoch1 });
    expect(stopped.interrupted).toBe(true);
    expect(training(stopped)).toMatchObject({ interrupted: true });
    expect(files(dir)).toEqual(['checkpoint.safetensors', 'metrics.jsonl', 'spec.json']); // later stages never ran

    const resumed = await resumePipeline(dir);
    expect(training(resumed)?.epochs).toBe(2);
    expect(files(dir)).toEqual(RUN_FILES);
    const unbroken = await runPipeline(tinySpec(), { runDir: join(tempDir(), 'run') });
    expect(loadModel(join(dir, 'model.safetensors')).net.W1.data).toEqual(loadModel(join(unbroken.runDir, 'model.safetensors')).net.W1.data);
  });

  it('refuses to resume a directory that holds no run', async () => {
    const e = await rejection(resumePipeline(tempDir()));
    expect(e.code).toBe('RUN_DIR_INVALID');
    expect(e.message).toMatch(/not a run directory \(no spec.json in it\)$/);
  });

  it('never writes into a run directory that has files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const e = await rejection(runPipeline(tinySpec(), { runDir: dir }));
    expect(e.code).toBe('RUN_DIR_EXISTS');
    expect(files(dir)).toEqual(['notes.txt']);
  });
});

describe('a stage that throws', () => {
  const boom = defineStage({
    type: 'test.boom',
    version: 1,
    params: z.strictObject({}),
    inputs: { data: 'datasets' },
    run: () => {
      throw new Error('the flux capacitor is empty');
    },
  });

  it('is wrapped with its id and type; the run keeps what finished stages wrote', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    const events: TrainEvent[] = [];
    const spec = {
      name: 'boom',
      stages: [
        { id: 'mnist', type: 'data.mnist', params: { limit: 100, testLimit: 50 } },
        { id: 'init', type: 'model.two-layer', params: { hidden: 4 } },
        { id: 'save', type: 'model.save', inputs: { model: 'init.model' } },
        { id: 'kaboom', type: 'test.boom', inputs: { data: 'mnist.datasets' } },
      ],
    };
    const e = await rejection(runPipeline(spec, { runDir: dir, registry: createRegistry().use(boom, 'test'), emit: (ev) => events.push(ev) }));
    expect([e.code, e.stageId, e.stageType]).toEqual(['STAGE_FAILED', 'kaboom', 'test.boom']);
    expect(e.message).toMatchInlineSnapshot(`"stage "kaboom" (test.boom) failed: the flux capacitor is empty"`);
    expect((e.cause as Error).message).toBe('the flux capacitor is empty');
    expect(files(dir)).toEqual(['model.safetensors', 'spec.json']);
    // Reported once, by whoever catches it: no `error` event besides the rejection.
    expect(events.at(-1)).toEqual({ type: 'run:end', status: 'failed', runDir: dir });
    expect(events.some((ev) => ev.type === 'error')).toBe(false);
  });

  it('includes the code of a library error in the message', async () => {
    const spec = {
      name: 'no-validation',
      stages: [
        { id: 'mnist', type: 'data.mnist', params: { limit: 100, testLimit: 50 } },
        { id: 'init', type: 'model.two-layer', params: { hidden: 4 } },
        { id: 'eval', type: 'eval.accuracy', params: { split: 'validation' }, inputs: { model: 'init.model', data: 'mnist.datasets' } },
      ],
    };
    const e = await rejection(runPipeline(spec, { runDir: join(tempDir(), 'run') }));
    expect(e.message).toBe('stage "eval" (eval.accuracy) failed: the data has no validation part; hold one out with a data.split stage before "eval"');
  });
});

describe('train.sweep', () => {
  it('runs a small grid inline and writes sweep.jsonl, sweep.png and the report', async () => {
    const spec = {
      name: 'small-sweep',
      stages: [
        { id: 'mnist', type: 'data.mnist', params: { limit: 400, testLimit: 100 } },
        {
          id: 'sweep', type: 'train.sweep', inputs: { data: 'mnist.datasets' },
          params: { search: { mode: 'grid', params: { hidden: [4, 8] } }, epochs: 1, batchSize: 50, validation: 100, executor: 'inline' },
        },
        { id: 'report', type: 'report.html', inputs: { sweep: 'sweep.sweep' } },
      ],
    };
    const events: TrainEvent[] = [];
    const run = await runPipeline(spec, { runDir: join(tempDir(), 'run'), emit: (e) => events.push(e) });
    expect(files(run.runDir)).toEqual(['report.html', 'spec.json', 'sweep.jsonl', 'sweep.png']);
    const lines = readFileSync(join(run.runDir, 'sweep.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { params: object; status: string });
    expect(lines.map((l) => [l.params, l.status])).toEqual([[{ hidden: 4 }, 'ok'], [{ hidden: 8 }, 'ok']]);
    expect(events.filter((e) => e.type === 'trial:end')).toHaveLength(2);
    const [sweep] = outputsOfKind(run, 'sweep');
    expect(sweep).toMatchObject({ logPath: join(run.runDir, 'sweep.jsonl') });
    expect(sweep!.trials.map((t) => t.status)).toEqual(['ok', 'ok']);
    expect([{ hidden: 4 }, { hidden: 8 }]).toContainEqual(sweep!.best?.params);
  });
});

describe('checks before running', () => {
  it('creates nothing for a spec that does not validate', async () => {
    const out = join(tempDir(), 'runs');
    const e = await rejection(runPipeline({ name: 'bad', stages: [{ id: 'a', type: 'data.mnst' }] }, { outDir: out }));
    expect(e.code).toBe('SPEC_UNKNOWN_STAGE');
    expect(existsSync(out)).toBe(false);
  });
});
