/**
 * `mnist new-stage` writes three files that run as generated: the spec (mnist run), the test
 * (node --test; the .ts one through jiti's loader) and, for --ts, a type check against the
 * pipeline's types that also catches a mistake in the plugin.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { fakeIo, tempDirs } from '../test-io.js';
import { pipelinePaths } from './new-stage.js';

const temp = tempDirs('new-stage-');

async function mnist(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const node = (args: string[], cwd?: string) => spawnSync(process.execPath, args, { encoding: 'utf8', cwd });

describe.each([['--ts', 'ts'], ['', 'mjs']])('mnist new-stage my.gain %s', (flag, ext) => {
  it('writes a plugin, its test and a spec; the spec runs and the test passes as generated', async () => {
    const dir = temp();
    const made = await mnist(['new-stage', 'my.gain', ...(flag ? [flag] : []), '--dir', dir, '--json']);
    expect(made.code).toBe(0);
    const { files } = JSON.parse(made.out) as { files: string[] };
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([`my-gain.${ext}`, `my-gain.test.${ext}`, 'my-gain.spec.json', ...(ext === 'ts' ? ['tsconfig.json'] : [])]);

    const run = await mnist(['run', join(dir, 'my-gain.spec.json'), '--out', join(dir, 'run'), '--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('"message":"stage: gain 1.2 on 5000 training images"');

    const loader = ext === 'ts' ? ['--import', pipelinePaths().tsLoader] : [];
    const test = node([...loader, '--test', join(dir, `my-gain.test.${ext}`)]);
    expect(test.stdout).toContain('# pass 1');
    expect(test.status).toBe(0);
  }, 300_000);
});

describe('mnist new-stage --ts: the types', () => {
  it('the generated files type-check against the pipeline’s types, and a mistake in the plugin is caught', async () => {
    const dir = temp();
    expect((await mnist(['new-stage', 'my.gain', '--ts', '--dir', dir])).code).toBe(0);
    const tsc = () => node([pipelinePaths().tsc, '-p', '.'], dir);
    expect(tsc().stdout).toBe('');
    const plugin = join(dir, 'my-gain.ts');
    writeFileSync(plugin, readFileSync(plugin, 'utf8').replace('Math.round(train.images[i]! * params.gain)', 'Math.round(train.images[i]! * params.gian)'));
    const checked = tsc();
    expect(checked.status).not.toBe(0);
    expect(checked.stdout.trim()).toBe("my-gain.ts(18,122): error TS2339: Property 'gian' does not exist on type '{ gain: number; }'.");
  }, 300_000); // two runs of tsc over the pipeline's and Node's types: slow on a loaded machine

  it('refuses a bad type name and files that exist, writing nothing', async () => {
    const dir = temp();
    const bad = await mnist(['new-stage', 'Gain', '--dir', dir]);
    expect([bad.code, bad.err]).toEqual([1, 'error: stage type "Gain": expected a dotted lower-case name like "augment.blur" (letters, digits and -, at least one dot)\n']);
    expect((await mnist(['new-stage', 'my.gain', '--dir', dir])).code).toBe(0);
    const again = await mnist(['new-stage', 'my.gain', '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.err.replaceAll(dir, '<dir>')).toBe('error: <dir>/my-gain.mjs, <dir>/my-gain.test.mjs, <dir>/my-gain.spec.json already exist; choose another stage type or --dir (nothing was written)\n');
  });
});
