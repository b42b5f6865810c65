import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from './pipeline-api.js';
import { tempDirs } from './test-io.js';

const temp = tempDirs('pipeline-api-');

describe('the CLI’s result fields, read from the pipeline’s outputs by kind', () => {
  it('a training run gives the CONTRACT fields; a sweep gives its summary', async () => {
    const api = await loadPipeline();
    const spec = api.paperSpec({ name: 'tiny', hidden: 16, epochs: 2, batchSize: 50 });
    spec.stages[0]!.params = { limit: 500, testLimit: 200 };
    const run = await api.runPipeline(spec, { emit: () => {}, signal: new AbortController().signal, runDir: join(temp(), 'run') });
    const r = run.result!;
    expect(Object.keys(r).sort()).toEqual(['epochs', 'modelPath', 'runDir', 'seconds', 'testAcc', 'testLoss', 'trainAcc']);
    expect([r.runDir, r.modelPath, r.epochs]).toEqual([run.runDir, join(run.runDir, 'model.safetensors'), 2]);
    expect(r.testAcc).toBeGreaterThan(0.3); // 2 epochs on 500 images, H = 16: far above chance (0.1)
    expect(run.sweep).toBeNull();

    const sweep = await api.runPipeline(
      {
        name: 'small-sweep',
        stages: [
          { id: 'mnist', type: 'data.mnist', params: { limit: 400, testLimit: 100 } },
          { id: 'sweep', type: 'train.sweep', inputs: { data: 'mnist.datasets' }, params: { search: { mode: 'grid', params: { hidden: [4, 8] } }, epochs: 1, batchSize: 50, validation: 100, executor: 'inline' } },
        ],
      },
      { emit: () => {}, signal: new AbortController().signal, runDir: join(temp(), 'run') },
    );
    expect(sweep.result).toBeNull();
    expect(sweep.sweep).toMatchObject({ trials: 2, failed: 0, logPath: join(sweep.runDir, 'sweep.jsonl'), chartPath: join(sweep.runDir, 'sweep.png') });
    expect([{ hidden: 4 }, { hidden: 8 }]).toContainEqual(sweep.sweep?.best);
  });
});
