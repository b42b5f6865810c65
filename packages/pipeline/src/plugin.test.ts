import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Dataset } from '@mnist-ts/mnist-data';
import type { TrainEvent } from '@mnist-ts/train';
import { z } from 'zod';
import { runPipeline, validateSpec, defineStage, type PipelineError, type Datasets, type PipelineSpecInput, type StageContext } from './index.js';
import { removeTempDirs, tempDir, rejection, training } from './test-specs.js';

afterAll(removeTempDirs);

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const NOISE_PLUGIN = resolve(FIXTURES, '../../../examples/noise-plugin/index.js');

const pluginSpec = (plugin: string) => ({ name: 'p', plugins: [plugin], stages: [{ id: 'mnist', type: 'data.mnist' }] });

describe('plugins', () => {
  it('loads a plugin by a path relative to the spec file; its stage runs and its events reach the listener', async () => {
    const events: TrainEvent[] = [];
    const run = await runPipeline(join(FIXTURES, 'with-noise.json'), { runDir: join(tempDir(), 'run'), emit: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'log' && e.message.startsWith('augment.noise'))).toEqual([
      { type: 'log', message: 'augment.noise: 300 images augmented, 600 training images in all' },
    ]);
    expect(events.find((e) => e.type === 'stage:end' && e.id === 'noisy')).toBeDefined();
    const start = events.find((e) => e.type === 'run:start');
    expect(start?.type === 'run:start' && start.data.train).toBe(600); // train.sgd saw the augmented set
    expect(training(run)?.epochs).toBe(1);
  });

  it('refuses a default export that is not a stage, naming the file', async () => {
    const file = join(FIXTURES, 'not-a-stage.js');
    const e = await rejection(validateSpec(pluginSpec('./not-a-stage.js'), { specDir: FIXTURES }));
    expect(e.code).toBe('PLUGIN_NOT_A_STAGE');
    expect(e.file).toBe(file);
    expect(e.message.replace(FIXTURES, '<fixtures>/')).toMatchInlineSnapshot(
      `"<fixtures>/not-a-stage.js: the default export is not a stage: expected a stage made with defineStage, an array of them, or a function ({ defineStage, z }) => stage(s); found an object with keys type, run"`,
    );
  });

  it('refuses a module without a default export', async () => {
    const e = await rejection(validateSpec(pluginSpec('./named-only.js'), { specDir: FIXTURES }));
    expect(e.code).toBe('PLUGIN_NOT_A_STAGE');
    expect(e.message).toContain('named-only.js: a plugin needs a default export');
  });

  it('refuses a plugin stage that takes a built-in type', async () => {
    const e = await rejection(validateSpec(pluginSpec('./clash.js'), { specDir: FIXTURES }));
    expect(e.code).toBe('STAGE_CONFLICT');
    expect(e.message.replace(FIXTURES, '<fixtures>/')).toBe(
      'stage type "data.mnist" from <fixtures>/clash.js is already registered by built-in; choose another type name',
    );
  });

  it('says which plugin is missing and where it looked', async () => {
    const e = await rejection(validateSpec(pluginSpec('./missing.js'), { file: 'specs/p.json', specDir: FIXTURES }));
    expect(e.code).toBe('PLUGIN_NOT_FOUND');
    expect(e.message.replace(FIXTURES, '<fixtures>/')).toBe('specs/p.json: plugins[0]: plugin "./missing.js" not found: no file <fixtures>/missing.js');
    const pkg = await rejection(validateSpec(pluginSpec('no-such-package-xyz'), { specDir: FIXTURES }));
    expect(pkg.code).toBe('PLUGIN_NOT_FOUND');
  });

  it('validates a plugin stage’s params with its own schema', async () => {
    const spec = { ...pluginSpec(NOISE_PLUGIN), stages: [{ id: 'mnist', type: 'data.mnist' }, { id: 'n', type: 'augment.noise', params: { shift: 9 }, inputs: { data: 'mnist.datasets' } }] };
    const e = await rejection(validateSpec(spec));
    expect(e.problems.map((p) => `${p.path} (${p.stage}): ${p.message}`)).toEqual(['stages[1].params.shift (augment.noise): expected a number <= 4, received 9']);
  });
});

describe('the noise plugin (examples/noise-plugin)', () => {
  const load = async () => {
    const mod = (await import(NOISE_PLUGIN)) as { default: (h: unknown) => ReturnType<typeof defineStage> };
    return mod.default({ defineStage, z });
  };
  const image = new Uint8Array(784);
  image[14 * 28 + 14] = 200; // one bright pixel in the middle
  const data: Datasets = {
    train: new Dataset({ images: image, labels: new Uint8Array([3]) }),
    test: new Dataset({ images: image.slice(), labels: new Uint8Array([3]) }),
  };
  const context = { seed: 5, log: () => {} } as unknown as StageContext;
  const run = async (params: Record<string, unknown>) => {
    const stage = await load();
    const out = await stage.run({ params: stage.params.parse(params), inputs: { data }, emit: () => {}, signal: new AbortController().signal, context });
    return (out.datasets as Datasets).train;
  };

  it('keeps the originals and adds a shifted copy; the same seed gives the same bytes', async () => {
    const train = await run({ sigma: 0, shift: 2 });
    expect(train.count).toBe(2);
    expect(train.image(0)).toEqual(image);
    const moved = train.image(1);
    expect(moved.reduce((s, p) => s + p, 0)).toBe(200); // shifted by at most 2 px: the pixel stays in the image
    const at = moved.indexOf(200);
    expect(Math.abs((at % 28) - 14)).toBeLessThanOrEqual(2);
    expect(Math.abs(Math.floor(at / 28) - 14)).toBeLessThanOrEqual(2);
    expect((await run({ sigma: 0, shift: 2 })).images).toEqual(train.images);
    expect(data.test.image(0)).toEqual(image); // the test set is never touched
  });

  it('adds noise clamped to 0..255', async () => {
    const train = await run({ sigma: 30, shift: 0, keepOriginal: false });
    expect(train.count).toBe(1);
    const changed = train.image(0).filter((p, i) => p !== image[i]).length;
    // A background pixel changes when its noise rounds to >= 1 (z >= 1/60: about 49% of 784);
    // the negative half clamps back to 0.
    expect(changed).toBeGreaterThan(300);
    expect(changed).toBeLessThan(480);
    // Clamped, not wrapped: -3 stored in a Uint8Array would read 253 (sigma 30 stays below 200).
    expect(Math.max(...train.image(0).filter((_, i) => image[i] === 0))).toBeLessThan(200);
  });
});

describe('plugin failures: one message naming the file (and line), exit-ready', () => {
  const spec = (plugin: string, stages: PipelineSpecInput['stages'] = [{ id: 'mnist', type: 'data.mnist' }]) => ({ name: 'p', plugins: [plugin], stages });
  const message = async (p: Promise<unknown>) => {
    const e = await rejection(p);
    return `${e.code}: ${e.message.replaceAll(FIXTURES, '<fixtures>/')}`;
  };

  it('a syntax error gives file:line:column, in .js and .ts', async () => {
    expect(await message(validateSpec(spec('./syntax-error.js'), { specDir: FIXTURES }))).toMatchInlineSnapshot(
      `"PLUGIN_LOAD_FAILED: <fixtures>/syntax-error.js:3:25: syntax error: Unexpected token"`,
    );
    expect(await message(validateSpec(spec('./syntax-error.ts'), { specDir: FIXTURES }))).toMatchInlineSnapshot(`"PLUGIN_LOAD_FAILED: <fixtures>/syntax-error.ts:4:88: syntax error: Unexpected token"`);
  });

  it('a throw while importing names the line it came from', async () => {
    expect(await message(validateSpec(spec('./throws-on-import.js'), { specDir: FIXTURES }))).toMatchInlineSnapshot(`"PLUGIN_LOAD_FAILED: <fixtures>/throws-on-import.js:2:7: the plugin threw while loading: the plugin is misconfigured"`);
  });

  it('a TypeError inside a stage’s run names the stage, the plugin file and line, once; its stack is the plugin’s', async () => {
    const stages = [
      { id: 'mnist', type: 'data.mnist', params: { limit: 50, testLimit: 20 } },
      { id: 'broken', type: 'broken.stage', inputs: { data: 'mnist.datasets' } },
    ];
    const e = await rejection(runPipeline(spec(join(FIXTURES, 'type-error.ts'), stages), { runDir: join(tempDir(), 'run') }));
    expect(e.message.replaceAll(FIXTURES, '<fixtures>/')).toMatchInlineSnapshot(`"stage "broken" (broken.stage) failed at <fixtures>/type-error.ts:15:76: TypeError: Cannot read properties of undefined (reading 'count')"`);
    expect(e.stack).toContain(`${FIXTURES}type-error.ts:15:`);
    expect(e.stack).toMatch(/^PipelineError: stage "broken"[^\n]*\nTypeError: /);
  });

  it('loads a .ts plugin directly; its stage runs', async () => {
    const stages = [
      { id: 'mnist', type: 'data.mnist', params: { limit: 50, testLimit: 20 } },
      { id: 'take', type: 'typed.take', params: { keep: 7 }, inputs: { data: 'mnist.datasets' } },
    ];
    const run = await runPipeline(spec(join(FIXTURES, 'typed.ts'), stages), { runDir: join(tempDir(), 'run') });
    expect((run.outputs.take!.datasets as Datasets).train.count).toBe(7);
  });

  it('refuses a plugin path that is not a regular file (a device would be read forever)', async () => {
    expect(await message(validateSpec(spec('/dev/zero'), { specDir: FIXTURES }))).toMatchInlineSnapshot(`"PLUGIN_NOT_FOUND: spec "p": plugins[0]: plugin "/dev/zero" is a device, not a regular file (/dev/zero), expected a module file"`);
    expect(await message(validateSpec(spec(FIXTURES), { specDir: FIXTURES }))).toMatchInlineSnapshot(`"PLUGIN_NOT_FOUND: spec "p": plugins[0]: plugin "<fixtures>/" is a directory (<fixtures>/), expected a module file"`);
  });
});

describe('examples/noise-plugin/README.md', () => {
  const README = resolve(FIXTURES, '../../../examples/noise-plugin/README.md');
  const blocks = (lang: string) => [...readFileSync(README, 'utf8').matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n\\s*```', 'g'))].map((m) => m[1]!.replace(/^ {3}/gm, ''));

  it('its plugin and spec run as written, and the line count it gives is the real one', async () => {
    const [plugin] = blocks('js');
    const [spec] = blocks('json');
    const dir = tempDir();
    writeFileSync(join(dir, 'noise.js'), `${plugin}\n`);
    writeFileSync(join(dir, 'spec.json'), spec!);
    const events: TrainEvent[] = [];
    const run = await runPipeline(join(dir, 'spec.json'), { runDir: join(dir, 'run'), emit: (e) => events.push(e) });
    expect(training(run)?.epochs).toBe(2);
    expect(events).toContainEqual({ type: 'log', message: 'noisy: sigma 16 on 2000 images' });
    const lines = plugin!.split('\n').length;
    expect(readFileSync(README, 'utf8')).toContain(`Save this as \`noise.js\` (${lines} lines;`);
  });
});
