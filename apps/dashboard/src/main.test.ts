import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './test-io.js';
import type { Deps } from './commands/context.js';

/** A pipeline that must not be reached: flag errors are caught before it loads. */
const noPipeline: Deps = {
  pipeline: () => {
    throw new Error('the pipeline should not be loaded');
  },
};

async function run(...argv: string[]) {
  const io = fakeIo();
  const code = await main(argv, io, noPipeline);
  return { code, out: io.out(), err: io.err() };
}

describe('mnist argument errors', () => {
  it('names the flag and what it expected for a bad number', async () => {
    const r = await run('train', '--lr', 'abc');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatchInlineSnapshot(`
      "error: option '--lr <n>' argument 'abc' is invalid: expected a number > 0 (add --help for usage)
      "
    `);
  });

  it('rejects a negative or fractional count', async () => {
    expect((await run('train', '--epochs', '2.5')).err).toMatchInlineSnapshot(`
      "error: option '--epochs <n>' argument '2.5' is invalid: expected a whole number > 0 (add --help for usage)
      "
    `);
    expect((await run('train', '--l2', '-1')).err).toMatchInlineSnapshot(`
      "error: option '--l2 <n>' argument '-1' is invalid: expected a number >= 0 (add --help for usage)
      "
    `);
    expect((await run('train', '--seed', '0x10')).err).toMatchInlineSnapshot(`
      "error: option '--seed <n>' argument '0x10' is invalid: expected a whole number 0..4294967295 (add --help for usage)
      "
    `);
  });

  it('names an unknown flag and suggests the near one', async () => {
    const r = await run('train', '--epoch', '3');
    expect(r.code).toBe(1);
    expect(r.err).toMatchInlineSnapshot(`
      "error: unknown option '--epoch' (Did you mean --epochs?) (add --help for usage)
      "
    `);
  });

  it('names a missing spec file and where it looked', async () => {
    const r = await run('run', 'no/such/spec.json');
    expect(r.code).toBe(1);
    expect(r.err.replace(process.cwd(), '<cwd>')).toMatchInlineSnapshot(`
      "error: spec file no/such/spec.json not found (looked for <cwd>/no/such/spec.json)
      "
    `);
  });

  it('names a missing model file and a missing image', async () => {
    expect((await run('evaluate', 'nope.safetensors')).err.replace(process.cwd(), '<cwd>')).toMatchInlineSnapshot(`
      "error: model file nope.safetensors not found (looked for <cwd>/nope.safetensors)
      "
    `);
  });

  it('lists the known backends for an unknown one', async () => {
    const r = await run('evaluate', 'x.safetensors', '--backend', 'gpu');
    expect(r.code).toBe(1);
    // The list is the tensor package's registry (it grows with new backends), so only its frame is pinned.
    expect(r.err).toMatch(/^error: option '--backend <name>' argument 'gpu' is invalid: expected one of auto, (.+, )?reference\n$/);
  });

  it('rejects an unknown command and extra arguments', async () => {
    expect(await run('trian')).toMatchInlineSnapshot(`
      {
        "code": 1,
        "err": "error: unknown command 'trian' (Did you mean train?) (add --help for usage)
      ",
        "out": "",
      }
    `);
    expect(await run('resume', 'a', 'b')).toMatchInlineSnapshot(`
      {
        "code": 1,
        "err": "error: too many arguments for 'resume'. Expected 1 argument but got 2. (add --help for usage)
      ",
        "out": "",
      }
    `);
  });

  it('prints help for every command on stdout with exit 0', async () => {
    for (const cmd of ['run', 'train', 'sweep', 'evaluate', 'predict', 'visualize', 'resume']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: mnist ${cmd}`);
      for (const flag of ['--json', '--seed <n>', '--backend <name>', '--debug']) expect(r.out).toContain(flag);
    }
    const top = await run('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Commands:[\s\S]*run[\s\S]*train[\s\S]*sweep[\s\S]*evaluate[\s\S]*predict[\s\S]*visualize[\s\S]*resume/);
  });
});
