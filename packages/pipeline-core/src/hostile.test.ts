/**
 * Hostile specs (issue 20, items 1 and 6): nothing is written outside the run directory, and a
 * spec too deep or too long fails at once with one line. (A built-in stage's path param, checked
 * with the spec: @mnist-ts/pipeline's hostile.test.ts.)
 */
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from './registry.js';
import { runPipeline } from './runner.js';
import { defineStage } from './stage.js';
import { loadSpecFile, validateSpec } from './spec.js';
import { rejection, removeTempDirs, tempDir } from './testing.js';

afterAll(removeTempDirs);

describe('every path a stage writes stays inside the run directory', () => {
  /** A plugin-like stage that writes whatever path it is given through context.writeFile. */
  const writer = defineStage({
    type: 'test.write',
    version: 1,
    params: z.strictObject({ path: z.string(), link: z.string().optional() }),
    run: async ({ params, context }) => {
      if (params.link) symlinkSync(params.link, join(context.runDir, 'link'));
      await context.writeFile(params.path, 'x', 'test');
      return {};
    },
  });
  const write = (path: string, link?: string) => ({ name: 'w', stages: [{ id: 'w', type: 'test.write', params: { path, ...(link ? { link } : {}) } }] });

  it('context.writeFile refuses the same paths at run time (plugins get the same gate), and a symbolic link out', async () => {
    const outside = tempDir();
    const registry = createRegistry().use(writer, 'test');
    const runs = tempDir();
    const tries: [string, string?][] = [[join(outside, 'abs.txt')], ['../escape.txt'], ['spec.json'], ['link/x.txt', outside]];
    const messages = [];
    for (const [k, [path, link]] of tries.entries()) {
      const e = await rejection(runPipeline(write(path, link), { runDir: join(runs, `r${k}`), registry }));
      messages.push(`${(e.cause as { code?: string }).code}: ${e.message.replace(outside, '<outside>')}`);
    }
    expect(messages).toMatchInlineSnapshot(`
      [
        "PATH_OUTSIDE_RUN: stage "w" (test.write) failed: writeFile("<outside>/abs.txt"): expected a path relative to the run directory, not an absolute one",
        "PATH_OUTSIDE_RUN: stage "w" (test.write) failed: writeFile("../escape.txt"): expected a path inside the run directory (it leads out with "..")",
        "PATH_OUTSIDE_RUN: stage "w" (test.write) failed: writeFile("spec.json"): expected a file other than the run's own spec.json, checkpoint.safetensors, metrics.jsonl, sweep.jsonl, .lock",
        "PATH_OUTSIDE_RUN: stage "w" (test.write) failed: writeFile("link/x.txt"): its directory leads out of the run directory (a symbolic link)",
      ]
    `);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(runs, 'escape.txt'))).toBe(false);
  });
});

describe('specs too large to check safely fail at once, in one line', () => {
  it('a JSON spec nested 100,000 levels deep', async () => {
    const dir = tempDir();
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"name": "deep", "stages": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const e = await rejection(loadSpecFile(file));
    expect([e.code, e.message.replace(dir, '<dir>')]).toEqual(['SPEC_TOO_LARGE', '<dir>/deep.json: nested more than 64 levels deep; a spec needs fewer than 10']);
  });

  it('a spec with 400,000 bad stages', async () => {
    const dir = tempDir();
    const file = join(dir, 'long.json');
    writeFileSync(file, `{"name": "long", "stages": [${Array(400_000).fill('{}').join(',')}]}`);
    const e = await rejection(loadSpecFile(file));
    expect([e.code, e.message.replace(dir, '<dir>')]).toEqual(['SPEC_TOO_LARGE', '<dir>/long.json: stages: expected at most 1000 stages, received 400000']);
  });

  it('lists at most 50 problems and counts the rest', async () => {
    const e = await rejection(validateSpec({ name: 'many', stages: Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, type: 'no.such' })) }));
    const lines = e.message.split('\n');
    expect(e.problems).toHaveLength(300);
    expect(lines).toHaveLength(52);
    expect([lines[0], lines.at(-1)]).toEqual(['spec "many" is invalid: 300 problems', '  ... and 250 more']);
  });

  it('a spec path that is not a regular file is refused without reading it', async () => {
    const e = await rejection(loadSpecFile('/dev/zero'));
    expect([e.code, e.message]).toEqual(['SPEC_NOT_FOUND', '/dev/zero: not a regular file, expected a .json file']);
  });
});
