/**
 * The engine alone, with toy stages and no built-ins: what the runner does is the stages' own
 * business plus order, events, spec.json and wrapped errors. (Runs of the built-in MNIST stages,
 * resume and visualize: @mnist-ts/pipeline's tests.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TrainEvent } from '@mnist-ts/train';
import { createRegistry } from './registry.js';
import { runPipeline } from './runner.js';
import { defineStage } from './stage.js';
import { validateSpec } from './spec.js';
import { rejection, removeTempDirs, tempDir } from './testing.js';

afterAll(removeTempDirs);

const write = defineStage({
  type: 'toy.write', version: 2, params: z.strictObject({ text: z.string() }), outputs: { file: 'file' },
  run: async ({ params, context }) => ({ file: await context.writeFile('note.txt', params.text, 'note') }),
});
const shout = defineStage({
  type: 'toy.shout', version: 1, params: z.strictObject({}), inputs: { file: 'file' }, outputs: { figure: 'figure' },
  run: async ({ inputs, context }) => ({ figure: await context.writeFile('loud.txt', readFileSync(inputs.file, 'utf8').toUpperCase(), 'figure') }),
});
const fail = defineStage({ type: 'toy.fail', version: 1, params: z.strictObject({}), run: () => { throw new Error('no luck'); } });
const registry = createRegistry([write, shout, fail]);

describe('the engine with the stages its caller gives', () => {
  it('runs them in dependency order, announces every file, and records its own and the caller’s versions', async () => {
    const events: TrainEvent[] = [];
    const spec = { name: 'toy', stages: [{ id: 'loud', type: 'toy.shout', inputs: { file: 'note.file' } }, { id: 'note', type: 'toy.write', params: { text: 'hi' } }] };
    const run = await runPipeline(spec, { runDir: join(tempDir(), 'run'), registry, versions: { 'my-stages': '3.0.0' }, emit: (e) => events.push(e) });
    expect(readFileSync(join(run.runDir, 'loud.txt'), 'utf8')).toBe('HI');
    expect(events.flatMap((e) => (e.type === 'stage:start' ? [e.id] : []))).toEqual(['note', 'loud']);
    expect(run.artifacts.map((a) => a.kind)).toEqual(['spec', 'note', 'figure']);
    expect(run.kinds).toEqual({ note: { file: 'file' }, loud: { figure: 'figure' } });
    const { versions } = JSON.parse(readFileSync(join(run.runDir, 'spec.json'), 'utf8')) as { versions: Record<string, string> };
    expect(Object.keys(versions)).toEqual(['my-stages', '@mnist-ts/pipeline-core', '@mnist-ts/nn', '@mnist-ts/mnist-data', '@mnist-ts/train', 'zod', 'node', 'stage:toy.shout', 'stage:toy.write']);
    expect(versions).toMatchObject({ 'my-stages': '3.0.0', '@mnist-ts/pipeline-core': '0.1.0', 'stage:toy.write': '2' });
  });

  it('wraps a stage’s error with its id and type, after emitting run:end failed', async () => {
    const events: TrainEvent[] = [];
    const e = await rejection(runPipeline({ name: 'bad', stages: [{ id: 'f', type: 'toy.fail' }] }, { runDir: join(tempDir(), 'run'), registry, emit: (ev) => events.push(ev) }));
    expect([e.code, e.message]).toEqual(['STAGE_FAILED', 'stage "f" (toy.fail) failed: no luck']);
    expect(events.at(-1)).toMatchObject({ type: 'run:end', status: 'failed' });
  });

  it('knows no stage of its own: without a registry every type is unknown', async () => {
    const e = await rejection(validateSpec({ name: 'x', stages: [{ id: 'note', type: 'toy.write', params: { text: 'hi' } }] }));
    expect(e.message).toBe('spec "x": stages[0].type: unknown stage type "toy.write"; no built-in or plugin stage has it (is its plugin listed under "plugins"?)');
    expect((await validateSpec({ name: 'x', stages: [{ id: 'note', type: 'toy.write', params: { text: 'hi' } }] }, { registry })).spec.stages).toHaveLength(1);
  });
});
