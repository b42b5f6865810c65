/**
 * `mnist new-stage <type> [--ts] [--dir DIR]`: writes a stage plugin, a test of it and a spec that
 * uses it, each runnable as written: the spec with `mnist run`, the test with `node --test` (a
 * `.ts` one through jiti's loader), and, with --ts, `tsc -p DIR` against the pipeline's types.
 * The files name this checkout's pipeline by absolute path, so they work outside the repository.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { Ctx } from './context.js';

/** A stage type, as defineStage requires it. */
const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Where this checkout's pipeline (its built entry and types) and TypeScript loader live. */
export function pipelinePaths(): { index: string; types: string; tsLoader: string; typeRoots: string; tsc: string } {
  const require = createRequire(import.meta.url);
  // The built entry (under the test runner's source condition, Node would name src/index.ts).
  const index = require.resolve('@mnist-ts/pipeline').replace(/src[\\/]index\.ts$/, join('dist', 'index.js'));
  // jiti (the loader of .ts plugins) is the engine's dependency: found from @mnist-ts/pipeline-core.
  const jiti = dirname(createRequire(createRequire(index).resolve('@mnist-ts/pipeline-core')).resolve('jiti/package.json'));
  const root = resolve(dirname(index), '../../..');
  return {
    index,
    types: index.replace(/\.js$/, '.d.ts'),
    tsLoader: join(jiti, 'lib/jiti-register.mjs'),
    typeRoots: join(root, 'node_modules/@types'),
    tsc: join(root, 'node_modules/typescript/bin/tsc'),
  };
}

interface Names {
  type: string;
  slug: string;
  ts: boolean;
  ext: string;
}

function pluginFile({ type, ts }: Names): string {
  const bang = ts ? '!' : '';
  const head = ts
    ? `import type { PluginFactory } from '@mnist-ts/pipeline';\n\nconst plugin: PluginFactory = ({ defineStage, z }) =>`
    : `/** @param {import('@mnist-ts/pipeline').PluginHelpers} helpers */\nconst plugin = ({ defineStage, z }) =>`;
  return `// ${type}: multiplies every training pixel by \`gain\` (rounded, clamped to 0..255); the test set
// is left alone. A stage plugin: the pipeline calls the default export with its own defineStage
// and zod, so this file needs no dependencies and no build. Change run() to do what you need.
${head}
  defineStage({
    type: '${type}',
    version: 1,
    description: 'Multiplies every training pixel by gain',
    params: z.strictObject({ gain: z.number().min(0).max(4).default(1) }),
    inputs: { data: 'datasets' },
    outputs: { datasets: 'datasets' },
    run: ({ params, inputs, context }) => {
      const source = inputs.data.train;
      // A copy: return new values, never change an input (another stage may read it too).
      const train = source.subset([...Array(source.count).keys()], \`\${source.source}+gain(\${params.gain})\`);
      for (let i = 0; i < train.images.length; i++) train.images[i] = Math.min(255, Math.round(train.images[i]${bang} * params.gain));
      context.log(\`gain \${params.gain} on \${train.count} training images\`);
      // What you return is exactly what every later stage (train.sgd, train.sweep) trains on.
      return { datasets: { ...inputs.data, train } };
    },
  });

export default plugin;
`;
}

function testFile({ type, slug, ts, ext }: Names, pipeline: string, tsLoader: string): string {
  const run = ts ? `node --import ${tsLoader} --test ${slug}.test.ts` : `node --test ${slug}.test.mjs`;
  return `// A test of ${type}, with Node's own test runner: ${run}
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// This checkout's pipeline, by path (it is not installed as a package outside the repository).
import { outputsOfKind, runPipeline } from '${pipeline}';

const plugin = fileURLToPath(new URL('./${slug}.${ext}', import.meta.url));

test('${type} halves the training pixels with gain 0.5 and leaves the test set alone', async () => {
  const spec = {
    name: 'test-${slug}',
    plugins: [plugin],
    stages: [
      { id: 'mnist', type: 'data.mnist', params: { limit: 100, testLimit: 50 } },
      { id: 'stage', type: '${type}', inputs: { data: 'mnist.datasets' }, params: { gain: 0.5 } },
    ],
  };
  const run = await runPipeline(spec, { runDir: join(mkdtempSync(join(tmpdir(), '${slug}-')), 'run') });
  const [before, after] = outputsOfKind(run, 'datasets');
  assert.equal(after${ts ? '!' : ''}.train.count, 100);
  for (let i = 0; i < 100 * 784; i++) assert.equal(after${ts ? '!' : ''}.train.images[i], Math.round(before${ts ? '!' : ''}.train.images[i]${ts ? '!' : ''} * 0.5));
  assert.deepEqual(after${ts ? '!' : ''}.test.images, before${ts ? '!' : ''}.test.images);
});
`;
}

function specFile({ type, slug, ext }: Names): string {
  const spec = {
    name: slug,
    description: `Trains on MNIST passed through ${type} (a quick run: 5000 images, 2 epochs)`,
    plugins: [`./${slug}.${ext}`],
    stages: [
      { id: 'mnist', type: 'data.mnist', params: { limit: 5000, testLimit: 1000 } },
      { id: 'stage', type, inputs: { data: 'mnist.datasets' }, params: { gain: 1.2 } },
      { id: 'init', type: 'model.two-layer', params: { hidden: 64 } },
      { id: 'train', type: 'train.sgd', inputs: { data: 'stage.datasets', model: 'init.model' }, params: { epochs: 2 } },
      { id: 'eval', type: 'eval.accuracy', inputs: { model: 'train.model', data: 'stage.datasets' } },
    ],
  };
  return `${JSON.stringify(spec, null, 2)}\n`;
}

function tsconfig(types: string, typeRoots: string): string {
  const config = {
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true,
      typeRoots: [typeRoots], types: ['node'],
      // The pipeline's types, from this checkout's build.
      paths: { '@mnist-ts/pipeline': [types] },
    },
    include: ['*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes the files; refuses to overwrite any. Returns what it wrote. */
export function newStage(type: string, options: { ts?: boolean; dir?: string }): { files: string[]; run: string[] } {
  if (!TYPE.test(type)) throw new CliError(`stage type "${type}": expected a dotted lower-case name like "augment.blur" (letters, digits and -, at least one dot)`);
  const names: Names = { type, slug: type.replaceAll('.', '-'), ts: options.ts === true, ext: options.ts ? 'ts' : 'mjs' };
  const dir = resolve(options.dir ?? '.');
  const p = pipelinePaths();
  const files: [string, string][] = [
    [join(dir, `${names.slug}.${names.ext}`), pluginFile(names)],
    [join(dir, `${names.slug}.test.${names.ext}`), testFile(names, p.index, p.tsLoader)],
    [join(dir, `${names.slug}.spec.json`), specFile(names)],
  ];
  if (names.ts && !existsSync(join(dir, 'tsconfig.json'))) files.push([join(dir, 'tsconfig.json'), tsconfig(p.types, p.typeRoots)]);
  const taken = files.filter(([f]) => existsSync(f)).map(([f]) => f);
  if (taken.length > 0) throw new CliError(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; choose another stage type or --dir (nothing was written)`);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of files) writeFileSync(f, text);
  const run = [
    `mnist run ${join(dir, `${names.slug}.spec.json`)}`,
    names.ts ? `node --import ${p.tsLoader} --test ${join(dir, `${names.slug}.test.ts`)}` : `node --test ${join(dir, `${names.slug}.test.mjs`)}`,
    ...(names.ts ? [`node ${p.tsc} -p ${dir}`] : []),
  ];
  return { files: files.map(([f]) => f), run };
}

export function registerNewStage(program: Command, ctx: Ctx): void {
  program
    .command('new-stage')
    .description('write a stage plugin, a test of it and a spec that uses it, all runnable as written')
    .argument('<type>', 'the stage type, dotted and lower case, e.g. augment.blur')
    .option('--ts', 'write TypeScript (loaded without a build; typed by the pipeline)')
    .option('--dir <dir>', 'where to write the files (default: the current directory)')
    .option('--json', 'print one JSON line: {"type":"result","files":[...],"run":[...]}')
    .action((type: string, opts: { ts?: boolean; dir?: string; json?: boolean }) => {
      const { files, run } = newStage(type, opts);
      const out = ctx.io.stdout;
      if (opts.json) return void out.write(`${JSON.stringify({ type: 'result', files, run })}\n`);
      out.write(`wrote\n${files.map((f) => `  ${f}`).join('\n')}\nrun them:\n${run.map((r) => `  ${r}`).join('\n')}\n`);
    });
}
