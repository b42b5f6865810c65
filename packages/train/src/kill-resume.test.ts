import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIdxImages, encodeIdxLabels } from '@mnist-ts/mnist-data';
import { loadCheckpoint } from './checkpoint.js';
import { syntheticData } from './test-data.js';

// The child runs the built package (dist/), which the test task builds first.
const child = fileURLToPath(new URL('../test-fixtures/train-child.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

function writeIdx(dir: string, name: string, count: number, seed: number): string {
  const ds = syntheticData(count, seed);
  const images = join(dir, `${name}-images-idx3-ubyte`);
  writeFileSync(images, encodeIdxImages(ds.images));
  writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), encodeIdxLabels(ds.labels));
  return images;
}

function run(args: string[], killAt?: { epoch: number; batch: number }): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (killAt && buf.includes(`batch ${killAt.epoch} ${killAt.batch}\n`)) p.kill('SIGKILL');
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe.runIf(built)('kill -9 in the middle of an epoch, then resume', () => {
  it('ends with weights bit-identical to an unbroken run', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kill-data-'));
    const trainPath = writeIdx(data, 'train', 800, 1);
    const testPath = writeIdx(data, 'test', 100, 2);
    const config = JSON.stringify({ hidden: 32, epochs: 2, batchSize: 16, seed: 3 });

    const whole = mkdtempSync(join(tmpdir(), 'kill-whole-'));
    expect((await run([whole, trainPath, testPath, config, 'fresh'])).code).toBe(0);

    const broken = mkdtempSync(join(tmpdir(), 'kill-broken-'));
    const killed = await run([broken, trainPath, testPath, config, 'fresh'], { epoch: 2, batch: 20 });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(broken, 'final.bin'))).toBe(false);
    // The checkpoint on disk is the whole one from the end of epoch 1.
    const ck = loadCheckpoint(join(broken, 'checkpoint.safetensors'));
    expect([ck.state.epoch, ck.state.batch]).toEqual([2, 0]);

    expect((await run([broken, trainPath, testPath, config, 'resume'])).code).toBe(0);
    expect(readFileSync(join(broken, 'final.bin')).equals(readFileSync(join(whole, 'final.bin')))).toBe(true);
  });
});
