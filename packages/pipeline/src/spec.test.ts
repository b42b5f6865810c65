import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineError, paperSpec, runPipeline, loadSpecFile, specJsonSchema, validateSpec } from './index.js';
import { removeTempDirs, tempDir, rejection } from './test-specs.js';

afterAll(removeTempDirs);

const PIPELINES = fileURLToPath(new URL('../../../pipelines/', import.meta.url));
const SCHEMA_FILE = join(PIPELINES, 'spec.schema.json');
const READY = readdirSync(PIPELINES).filter((f) => f.endsWith('.json') && f !== 'spec.schema.json');

/** The error a promise rejects with (failing the test if it resolves). */
describe('the ready specs in pipelines/', () => {
  it('are all there', () => {
    expect(READY).toEqual(expect.arrayContaining(['quick.json', 'seed-best.json', 'seed-sweep.json', 'with-plugin.json']));
  });

  it.each(READY)('%s validates', async (file) => {
    const { spec } = await loadSpecFile(join(PIPELINES, file));
    expect(spec.name).toBe(file.replace(/\.json$/, ''));
  });

  it('seed-best.json is the spec paperSpec() builds', async () => {
    const file = await loadSpecFile(join(PIPELINES, 'seed-best.json'));
    const built = await validateSpec(paperSpec({ name: 'seed-best' }));
    expect(file.spec.stages).toEqual(built.spec.stages);
    expect(file.spec.seed).toBe(built.spec.seed);
  });

  it('seed-sweep.json says why its trials are short', async () => {
    const { spec } = await loadSpecFile(join(PIPELINES, 'seed-sweep.json'));
    expect(spec.stages.find((s) => s.type === 'train.sweep')?.params).toMatchObject({ epochs: 10, validation: 10_000, search: 'paper' });
    expect(spec.description).toMatch(/10 epochs, not the final model's 50/);
  });

  it('spec.schema.json is current (regenerate: UPDATE_SCHEMA=1 npx vitest run src/spec.test.ts)', () => {
    const schema = `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, schema);
    expect(existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '(missing)').toBe(schema);
  });
});

describe('validation', () => {
  it('reports every problem at once, with path, expected, received and a hint', async () => {
    const e = await rejection(
      validateSpec(
        {
          name: 'mine',
          stages: [
            { id: 'mnist', type: 'data.mnist' },
            { id: 'init', type: 'model.two-layer' },
            { id: 'train', type: 'train.sgd', params: { lr: -0.1 }, inputs: { data: 'mnist.datasets', model: 'int.model' } },
            { id: 'weights', type: 'viz.weigths', inputs: { model: 'train.model' } },
            { id: 'train', type: 'eval.accuracy', inputs: { model: 'mnist.datasets', data: 'mnist.datasets' } },
          ],
        },
        { file: 'pipelines/mine.json' },
      ),
    );
    expect(e.message).toMatchInlineSnapshot(`
      "pipelines/mine.json is invalid: 5 problems
        stages[2].params.lr (train.sgd): expected a number > 0, received -0.1
        stages[2].inputs.model (train.sgd): no stage has the id "int" (in "int.model"); did you mean "init"?
        stages[3].type: unknown stage type "viz.weigths"; did you mean "viz.weights"?
        stages[4].id: duplicate stage id "train" (stages[2] has it too)
        stages[4].inputs.model (eval.accuracy): expected a model, received "mnist.datasets" (kind datasets)"
    `);
    expect(e.code).toBe('SPEC_INVALID');
    expect(e.problems.map((p) => p.code)).toEqual(['SPEC_SCHEMA', 'SPEC_UNKNOWN_REF', 'SPEC_UNKNOWN_STAGE', 'SPEC_DUPLICATE_ID', 'SPEC_KIND_MISMATCH']);
  });

  it('names unknown keys, missing inputs and outputs no stage produces', async () => {
    const e = await rejection(
      validateSpec({
        name: 'keys',
        stagse: [],
        stages: [
          { id: 'mnist', type: 'data.mnist', params: { limt: 10 } },
          { id: 'train', type: 'train.sgd', inputs: { data: 'mnist.dataset' } },
        ],
      }),
    );
    expect(e.message).toMatchInlineSnapshot(`
      "spec "keys" is invalid: 4 problems
        spec: unknown key "stagse"; did you mean "stages"?
        stages[0].params (data.mnist): unknown key "limt"; did you mean "limit"?
        stages[1].inputs.model (train.sgd): expected a reference "<stage id>.<output>" to a model, received nothing
        stages[1].inputs.data (train.sgd): stage "mnist" (data.mnist) has no output "dataset"; did you mean "datasets"?"
    `);
  });

  it('describes each form a union field allows', async () => {
    const stages = [{ id: 'mnist', type: 'data.mnist' }, { id: 's', type: 'train.sweep', params: { search: 'paperr' }, inputs: { data: 'mnist.datasets' } }];
    const e = await rejection(validateSpec({ name: 'u', stages }));
    expect(e.problems.map((p) => p.message)).toEqual(['expected "paper" or an object, received "paperr"']);
  });

  it('points an unknown type with no near match at the plugins list', async () => {
    const e = await rejection(validateSpec({ name: 'x', stages: [{ id: 'a', type: 'augment.noise' }] }));
    expect(e.code).toBe('SPEC_UNKNOWN_STAGE');
    expect(e.problems[0]?.message).toBe('unknown stage type "augment.noise"; no built-in or plugin stage has it (is its plugin listed under "plugins"?)');
  });

  it('gives the line and column of bad JSON', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "name": "bad",\n  "stages": [\n    { "id": "a", "type": "data.mnist", },\n  ]\n}\n');
    const e = await rejection(loadSpecFile(file));
    expect(e.code).toBe('SPEC_INVALID_JSON');
    expect(e.message.replace(dir, '<dir>')).toMatchInlineSnapshot(`"<dir>/bad.json:4:40: not valid JSON: expected double-quoted property name after "," (JSON allows no trailing comma)"`);
  });

  it('says when the spec file is missing', async () => {
    const e = await rejection(loadSpecFile('pipelines/nope.json'));
    expect([e.code, e.message]).toEqual(['SPEC_NOT_FOUND', 'pipelines/nope.json: no such file']);
  });

  it('catches cycles and unknown references before anything runs', async () => {
    const out = join(tempDir(), 'runs');
    const cyclic = {
      name: 'cyclic',
      stages: [
        { id: 'mnist', type: 'data.mnist' },
        { id: 'train', type: 'train.sgd', inputs: { data: 'mnist.datasets', model: 'load.model' } },
        { id: 'load', type: 'model.load', params: { path: 'm.safetensors' }, needs: ['report'] },
        { id: 'report', type: 'report.html', inputs: { model: 'train.model' }, needs: ['ghost'] },
      ],
    };
    const e = await rejection(runPipeline(cyclic, { outDir: out }));
    expect(e.message).toMatchInlineSnapshot(`
      "spec "cyclic" is invalid: 2 problems
        stages[1]: stages depend on each other in a cycle: train -> report -> load -> train
        stages[3].needs[0] (report.html): no stage has the id "ghost""
    `);
    expect(existsSync(out)).toBe(false);
  });

  it('applies overrides before checking, and refuses one for a stage that does not exist', async () => {
    const { spec } = await validateSpec(paperSpec(), { overrides: { seed: 7, params: { train: { epochs: 3 } } } });
    expect(spec.seed).toBe(7);
    expect(spec.stages.find((s) => s.id === 'train')?.params.epochs).toBe(3);
    const e = await rejection(validateSpec(paperSpec(), { overrides: { params: { trian: { epochs: 3 } } } }));
    expect(e.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['overrides.params.trian: no stage has the id "trian"']);
  });

  it('fills in defaults', async () => {
    const { spec } = await validateSpec({ name: 'defaults', stages: [{ id: 'init', type: 'model.two-layer' }] });
    expect(spec).toEqual({
      name: 'defaults', seed: 1, plugins: [],
      stages: [{ id: 'init', type: 'model.two-layer', params: { hidden: 512, loss: 'cross-entropy', l2: 1e-4, normalize: 'paper' }, inputs: {} }],
    });
  });
});
