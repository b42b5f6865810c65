import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// kernels-wasm.ts is generated from kernels.wat and committed; these keep it from going stale.
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '..', '..', 'scripts', 'build-wasm.mjs');
const check = (...extra: string[]) => spawnSync(process.execPath, [script, '--check', ...extra], { encoding: 'utf8' });

describe('the committed wasm bytes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wasm-check-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('are what kernels.wat assembles to', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('kernels-wasm.ts is current');
    expect(r.status).toBe(0);
  });

  it('are reported stale when the WAT changes', () => {
    const changed = join(tmp, 'kernels.wat');
    const wat = readFileSync(join(here, 'kernels.wat'), 'utf8');
    writeFileSync(changed, wat.replace('(i32.const 96)', '(i32.const 97)'));
    const r = check('--wat', changed);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kernels-wasm\.ts is stale: it does not match .*kernels\.wat; run `node scripts\/build-wasm\.mjs`/);
  });
});
