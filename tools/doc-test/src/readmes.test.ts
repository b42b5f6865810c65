// The doc-test: every code block of every README, against the packed tarballs installed with npm
// outside the workspace. A failure names the Markdown file, the block and its line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { allBlocks, blockName, helpCommands, listedNames, markdownFiles, shellProblems, stripJsonComments, tableCommands, type Block } from './blocks.js';
import { npmEnv, run, setUpConsumer, type Consumer } from './consumer.js';

const root = resolve(import.meta.dirname, '../../..');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const blocks = allBlocks(root);
const named = blocks.map((b, i) => ({ b, name: blockName(b, blocks.filter((x) => x.file === b.file).indexOf(b)), id: `b${String(i).padStart(3, '0')}` }));
const PROGRAM_TIMEOUT = 240_000;
/** The libraries whose types a consumer without @types/node must be able to read. */
const LIBRARIES = ['@mnist-ts/tensor', '@mnist-ts/nn', '@mnist-ts/mnist-data', '@mnist-ts/train', '@mnist-ts/viz', '@mnist-ts/pipeline-core', '@mnist-ts/pipeline'];

let consumer: Consumer;
/** tsc's diagnostics, by block id. */
const diagnostics = new Map<string, string[]>();
let noNodeTypes = '';

const strict = { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, forceConsistentCasingInFileNames: true };

beforeAll(() => {
  consumer = setUpConsumer(root);
  const { project } = consumer;
  mkdirSync(join(project, 'blocks'));
  for (const { b, id } of named) {
    if (b.kind === 'ts') writeFileSync(join(project, 'blocks', `${id}.ts`), b.code);
    if (b.kind === 'js') writeFileSync(join(project, 'blocks', `${id}.mjs`), b.code);
    if (b.kind === 'api') {
      const pkg = packageOf(b);
      writeFileSync(join(project, 'blocks', `${id}.ts`), `import { ${listedNames(b.code).join(', ')} } from '${pkg}';\n`);
    }
  }
  typeCheckBlocks(project);
  // The public types alone, with no Node types at all: what a browser or Deno project sees.
  writeFileSync(join(project, 'surface.ts'), LIBRARIES.map((p, i) => `export * as p${i} from '${p}';`).join('\n') + '\n');
  writeFileSync(join(project, 'tsconfig.no-node.json'), JSON.stringify({ compilerOptions: { ...strict, types: [], noEmit: true }, files: ['surface.ts'] }));
  const s = run(process.execPath, [tsc, '-p', 'tsconfig.no-node.json', '--pretty', 'false'], project, process.env);
  noNodeTypes = s.status === 0 ? '' : s.stdout + s.stderr;
}, 600_000);

afterAll(() => {
  if (consumer && !process.env['KEEP_DOC_TEST']) rmSync(consumer.tmp, { recursive: true, force: true });
});

/**
 * One tsc run over every block (js blocks too, with checkJs). tsc reports no type errors at all
 * while any file has a syntax error, so files with syntax errors are set aside and tsc runs again.
 */
function typeCheckBlocks(project: string) {
  let files = readdirSync(join(project, 'blocks')).sort().map((f) => `blocks/${f}`);
  for (let round = 0; round < 3 && files.length > 0; round++) {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...strict, allowJs: true, checkJs: true, types: ['node'], rootDir: 'blocks', outDir: 'out' }, files,
    }));
    const r = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], project, process.env);
    const syntax = new Set<string>();
    for (const line of r.stdout.split('\n')) {
      const m = /^blocks\/(b\d+)\.m?ts\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
      if (!m) continue;
      diagnostics.set(m[1]!, [...(diagnostics.get(m[1]!) ?? []), `block line ${m[2]}: ${m[4]} ${m[5]}`]);
      if (m[4]!.startsWith('TS1')) syntax.add(m[1]!);
    }
    if (syntax.size === 0) return;
    files = files.filter((f) => !syntax.has(f.replace(/^blocks\/|\.m?ts$/g, '')));
  }
}

/** At most 12 lines of a long list, so a failure stays readable. */
const first = (lines: string[]) => (lines.length > 12 ? [...lines.slice(0, 12), `… ${lines.length - 12} more`] : lines);

function packageOf(b: Block): string {
  const manifest = join(root, dirname(b.file), 'package.json');
  if (!existsSync(manifest)) throw new Error(`${b.file}: a "ts api" listing outside a package has no package to check against`);
  return JSON.parse(readFileSync(manifest, 'utf8')).name as string;
}

describe('the packed packages, installed with npm outside the workspace', () => {
  it('need no Node-only types in their public .d.ts', () => {
    expect(noNodeTypes, `tsc with "types": [] on ${LIBRARIES.join(', ')}`).toBe('');
  });

  it('load with require() too (engines promise Node versions with require(esm))', () => {
    const script = LIBRARIES.map((p) => `if (typeof require(${JSON.stringify(p)}) !== 'object') throw new Error(${JSON.stringify(p)});`).join('\n');
    const r = run(process.execPath, ['--input-type=commonjs', '-e', script], consumer.project, process.env);
    expect(r.stderr.replace(/\(node:\d+\) ExperimentalWarning.*\n.*\n?/g, ''), r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('npm i -g of the tarballs puts a working `mnist` on PATH', () => {
    const env = npmEnv(consumer.prefix);
    const install = run('npm', ['i', '-g', ...consumer.tarballs], consumer.tmp, env);
    expect(install.status, install.stderr).toBe(0);
    const outside = join(consumer.tmp, 'cli-check');
    mkdirSync(outside);
    const r = run('mnist', ['train', '--epochs', '1', '--limit', '1000', '--hidden', '16', '--json', '--out', 'run'], outside, env);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({ type: 'result', status: 'done', epochs: 1 });
    expect(result.testAcc).toBeGreaterThan(0.5);
    expect(readdirSync(join(outside, 'run')).sort()).toEqual(expect.arrayContaining(['metrics.jsonl', 'model.safetensors', 'report.html', 'spec.json']));
  });
});

describe('docs/cli.md', () => {
  it('documents exactly the commands the installed `mnist --help` lists', () => {
    const documented = tableCommands(readFileSync(join(root, 'docs', 'cli.md'), 'utf8')).sort();
    const installed = helpCommands(mnistHelp(null)).sort();
    expect(installed.length).toBeGreaterThan(0);
    expect(documented, 'the commands table of docs/cli.md against `mnist --help`').toEqual(installed);
  });
});

describe('the file maps', () => {
  // Each package README opens with where things are; a path there that no longer exists is stale.
  for (const file of markdownFiles(root).filter((f) => f !== 'README.md' && !f.startsWith('docs/'))) {
    it(`${file} names only src/ files that exist`, () => {
      const dir = join(root, dirname(file));
      const paths = [...readFileSync(join(root, file), 'utf8').matchAll(/`(src\/[\w./-]+)`/g)].map((m) => m[1]!);
      expect(paths.filter((p) => !existsSync(join(dir, p))), `${file}: paths in backticks under ${dirname(file)}/ that do not exist`).toEqual([]);
    });
  }
});

describe('every code block of every README', () => {
  it('is tagged with what it is (ts, js, ts api, sh, sh run, json, jsonc or text)', () => {
    const bad = named.filter(({ b }) => b.kind === 'untagged' || b.kind === 'unknown').map(({ name }) => name);
    expect(bad, `untagged blocks: tag them ts/js (run), sh/json (checked) or text (shown)`).toEqual([]);
  });

  for (const { b, name, id } of named) {
    if (b.kind === 'ts' || b.kind === 'js') {
      it(`${name} type-checks and runs`, () => {
        expect(first(diagnostics.get(id) ?? []), `${name}: tsc (strict, nodenext), lines counted from the fence`).toEqual([]);
        const cwd = join(consumer.project, 'runs', id);
        mkdirSync(cwd, { recursive: true });
        const file = b.kind === 'ts' ? join(consumer.project, 'out', `${id}.js`) : join(consumer.project, 'blocks', `${id}.mjs`);
        const r = run(process.execPath, [file], cwd, npmEnv(consumer.prefix), PROGRAM_TIMEOUT);
        expect(r.status, `${name} exited ${r.status}:\n${r.stderr.slice(-3000)}`).toBe(0);
      }, PROGRAM_TIMEOUT + 10_000);
    }
    if (b.kind === 'api') {
      it(`${name} lists only names its package exports`, () => {
        expect(first(diagnostics.get(id) ?? []), `${name}: names the listing gives that ${packageOf(b)} does not export`).toEqual([]);
      });
    }
    if (b.kind === 'json') {
      it(`${name} is valid JSON${b.code.includes('"stages"') ? ' and a valid pipeline spec' : ''}`, () => {
        let value: unknown;
        try { value = JSON.parse(stripJsonComments(b.code)); } catch (e) {
          throw new Error(`${name}: not JSON: ${(e as Error).message}`);
        }
        if (typeof value === 'object' && value !== null && 'stages' in value) {
          const check = `import { validateSpec, formatPipelineError } from '@mnist-ts/pipeline';
            try { await validateSpec(${JSON.stringify(value)}, { specDir: ${JSON.stringify(specDirFor(b, id))}, file: ${JSON.stringify(name)} }); }
            catch (e) { console.error(formatPipelineError(e)); process.exit(1); }`;
          const r = run(process.execPath, ['--input-type=module', '-e', check], consumer.project, process.env);
          expect(r.status, r.stderr).toBe(0);
        }
      });
    }
    if (b.kind === 'sh') {
      it(`${name}: its commands, flags and paths exist`, () => {
        expect(checkShell(b), name).toEqual([]);
      });
    }
  }

  // Shell blocks marked `sh run` run in order, one folder per Markdown file, outside the repo,
  // with the tarballs in $MNIST_TS_TARBALLS and `npm i -g` going to a temporary prefix.
  for (const file of [...new Set(named.filter(({ b }) => b.kind === 'sh-run').map(({ b }) => b.file))]) {
    it(`${file}: its "sh run" blocks run as written outside the repo`, () => {
      const cwd = join(consumer.tmp, 'outside', file.replace(/[/.]/g, '_'));
      mkdirSync(cwd, { recursive: true });
      const env = { ...npmEnv(consumer.prefix), MNIST_TS_TARBALLS: consumer.tarballDir };
      // One shell for all of the file's blocks, so a `cd` or a variable carries over as in a terminal.
      const script = named.filter(({ b }) => b.kind === 'sh-run' && b.file === file)
        .map(({ b, name }) => `echo ${JSON.stringify(`### ${name}`)} >&2\n${b.code}`).join('\n');
      const r = run('bash', ['-euo', 'pipefail', '-c', script], cwd, env, 600_000);
      expect(r.status, `${file}: a "sh run" block failed (the last ### line names it):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`).toBe(0);
    }, 610_000);
  }
});

const helpCache = new Map<string, string>();
function mnistHelp(sub: string | null): string {
  const key = sub ?? '';
  if (!helpCache.has(key)) {
    const cli = join(consumer.project, 'node_modules', '@mnist-ts', 'dashboard', 'dist', 'cli.js');
    const r = run(process.execPath, [cli, ...(sub ? [sub] : []), '--help'], consumer.project, process.env);
    helpCache.set(key, r.status === 0 ? r.stdout : '');
  }
  return helpCache.get(key)!;
}

/** The problems of one checked (not run) shell block, against the installed CLI and the repo. */
function checkShell(b: Block): string[] {
  const scripts = new Set<string>();
  for (const dir of ['.', dirname(b.file)]) {
    const manifest = join(root, dir, 'package.json');
    if (existsSync(manifest)) for (const s of Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {})) scripts.add(s);
  }
  return shellProblems(b.code, { scripts, help: mnistHelp, pathExists });
}

function pathExists(path: string): boolean {
  if (!path.includes('*')) return existsSync(join(root, path));
  const dir = dirname(path);
  const pattern = new RegExp(`^${path.slice(dir.length + 1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return existsSync(join(root, dir)) && readdirSync(join(root, dir)).some((f) => pattern.test(f));
}

/**
 * Where a spec block's relative paths resolve. A README that has the reader save a plugin ("Save
 * this as noise.js", the block's first line a comment naming the file) and then a spec beside it
 * gets a folder with those earlier blocks under their names; other specs resolve as the
 * repository's pipelines/ do.
 */
function specDirFor(spec: Block, id: string): string {
  const saved = named.filter(({ b }) => b.file === spec.file && b.line < spec.line && (b.kind === 'js' || b.kind === 'ts'))
    .map(({ b }) => ({ b, file: /^\s*\/\/\s*([\w.-]+\.(?:m?js|m?ts))\b/.exec(b.code)?.[1] }))
    .filter((x): x is { b: Block; file: string } => x.file !== undefined);
  if (saved.length === 0) return join(root, 'pipelines');
  const dir = join(consumer.project, 'specs', id);
  mkdirSync(dir, { recursive: true });
  for (const { b, file } of saved) writeFileSync(join(dir, file), b.code);
  return dir;
}
