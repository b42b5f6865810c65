import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './test-io.js';

// One real end-to-end run through @mnist-ts/pipeline: 500 MNIST images, H = 16, one epoch.
describe('mnist train (real pipeline, tiny)', () => {
  it('trains, writes the run directory and ends with the contract result line', async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'mnist-smoke-')), 'run');
    const io = fakeIo();
    const t0 = performance.now();
    const code = await main(['train', '--epochs', '1', '--limit', '500', '--hidden', '16', '--batch', '50', '--seed', '5', '--out', runDir, '--json'], io);
    const seconds = (performance.now() - t0) / 1000;
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const lines = io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const types = new Set(lines.map((l) => l['type']));
    for (const t of ['run:start', 'epoch:end', 'artifact', 'run:end', 'result']) expect(types).toContain(t);
    const result = lines[lines.length - 1]!;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['runDir', 'modelPath', 'trainAcc', 'testAcc', 'testLoss', 'epochs', 'seconds']));
    expect(result).toMatchObject({ type: 'result', status: 'done', epochs: 1 });
    expect(existsSync(result['modelPath'] as string)).toBe(true);
    expect(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(seconds).toBeLessThan(30);
  });
});
