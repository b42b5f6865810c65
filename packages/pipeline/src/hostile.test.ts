/**
 * Hostile specs (issue 20, item 1): a built-in stage's path param is checked with the spec. The
 * run-time gate and the size limits are the engine's (pipeline-core's hostile.test.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline, validateSpec, runPathProblem } from './index.js';
import { rejection, removeTempDirs, tempDir } from './test-specs.js';

afterAll(removeTempDirs);

const saveTo = (path: string) => ({
  name: 'save',
  stages: [
    { id: 'init', type: 'model.two-layer', params: { hidden: 4 } },
    { id: 'save', type: 'model.save', params: { path }, inputs: { model: 'init.model' } },
  ],
});

describe('every path a stage writes stays inside the run directory', () => {
  it('model.save refuses "..", absolute paths and the run’s own files when the spec is checked, naming the field', async () => {
    const messages = await Promise.all(['../../x', '/tmp/x.safetensors', 'spec.json', 'a/../../x'].map(async (p) => (await rejection(validateSpec(saveTo(p)))).message));
    expect(messages).toMatchInlineSnapshot(`
      [
        "spec "save": stages[1].params.path (model.save): expected a path inside the run directory (it leads out with ".."), received "../../x"",
        "spec "save": stages[1].params.path (model.save): expected a path relative to the run directory, not an absolute one, received "/tmp/x.safetensors"",
        "spec "save": stages[1].params.path (model.save): expected a file other than the run's own spec.json, checkpoint.safetensors, metrics.jsonl, sweep.jsonl, .lock, received "spec.json"",
        "spec "save": stages[1].params.path (model.save): expected a path inside the run directory (it leads out with ".."), received "a/../../x"",
      ]
    `);
  });

  it('a path inside is fine, in a subdirectory too', async () => {
    const run = await runPipeline(saveTo('models/final.safetensors'), { runDir: join(tempDir(), 'run') });
    expect(existsSync(join(run.runDir, 'models/final.safetensors'))).toBe(true);
    expect(runPathProblem('figures/./w1.png')).toBeUndefined();
  });
});
