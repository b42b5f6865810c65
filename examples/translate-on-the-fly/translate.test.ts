/**
 * The example, end to end through the `mnist` command (the built CLI): 3 epochs with random
 * translation on the fly, killed with SIGKILL in epoch 2, resumed, and compared byte for byte with
 * an unbroken run. On the first 6000 training images and the js backend (about a second an epoch,
 * so epoch 2 lasts long enough to be killed in).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@mnist-ts/tensor';
import { translateEpoch } from './translate.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../../apps/dashboard/dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'translate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('translateEpoch', () => {
  const one = new Uint8Array(784);
  one[14 * 28 + 14] = 200;
  const run = (seed: number) => {
    const out = new Uint8Array(784);
    translateEpoch(2)({ epoch: 1, seed, rng: new Rng(seed), images: one, labels: new Uint8Array(1), count: 1, out });
    return out;
  };

  it('moves an image by a seeded shift of at most 2 pixels each way, the same for the same seed', () => {
    const shifts = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const out = run(seed);
      const at = out.indexOf(200);
      const [dx, dy] = [(at % 28) - 14, Math.floor(at / 28) - 14];
      expect(Math.max(Math.abs(dx), Math.abs(dy))).toBeLessThanOrEqual(2);
      expect(out.reduce((s, p) => s + p, 0)).toBe(200);
      expect(run(seed)).toEqual(out);
      shifts.add(`${dx},${dy}`);
    }
    expect(shifts.size).toBeGreaterThan(10); // of the 25 possible shifts
  });
});

/** Runs the CLI; with `killInEpoch2`, SIGKILLs it at its 10th batch of epoch 2. */
function mnist(args: string[], killInEpoch2 = false): Promise<{ code: number | null; signal: string | null; events: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args, '--json', '--backend', 'js'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const events: Record<string, unknown>[] = [];
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (killInEpoch2 && e.type === 'batch:end' && e.epoch === 2 && (e.batch as number) >= 10) p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, events }));
  });
}

describe.runIf(existsSync(CLI))('kill -9 in epoch 2, resume: bit-identical to an unbroken run', () => {
  it('ends with the same model file and the same metrics', async () => {
    // The example's spec on the first 6000 training images (the plugin by its absolute path).
    const spec = JSON.parse(readFileSync(here('./spec.json'), 'utf8')) as { plugins: string[]; stages: { id: string; params?: object }[] };
    spec.plugins = [here('./translate.ts')];
    spec.stages.find((s) => s.id === 'mnist')!.params = { limit: 6000, testLimit: 2000 };
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));

    const whole = await mnist(['run', specFile, '--out', join(dir, 'whole')]);
    expect(whole.code).toBe(0);

    const broken = join(dir, 'broken');
    const killed = await mnist(['run', specFile, '--out', broken], true);
    expect(killed.signal).toBe('SIGKILL');
    const last = killed.events.filter((e) => e.type === 'batch:end').at(-1)!;
    expect(last.epoch).toBe(2); // killed inside epoch 2, after epoch 1's checkpoint
    expect(readFileSync(join(broken, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(broken, 'model.safetensors'))).toBe(false);

    const resumed = await mnist(['resume', broken]);
    expect(resumed.code).toBe(0);
    const model = (d: string) => readFileSync(join(d, 'model.safetensors'));
    expect(model(broken).equals(model(join(dir, 'whole')))).toBe(true);
    const metrics = (d: string) => readFileSync(join(d, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => ({ ...JSON.parse(l), seconds: 0, samplesPerSec: 0 }));
    expect(metrics(broken)).toEqual(metrics(join(dir, 'whole')));
    expect(metrics(broken)).toHaveLength(3);
    const result = (r: typeof whole) => r.events.find((e) => e.type === 'result')!;
    expect(result(resumed).testAcc).toBe(result(whole).testAcc);
    console.log(`translate example: whole run test accuracy ${result(whole).testAcc}, resumed ${result(resumed).testAcc}; killed at epoch ${last.epoch}, batch ${last.batch}`);
  });
});
