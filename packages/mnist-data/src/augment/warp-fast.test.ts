import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@mnist-ts/tensor';
import { loadMnist } from '../mnist.js';
import { augmentImages, type AugmentOptions } from './images.js';
import { ElasticBank } from './elastic.js';
import { GaussianSmoother } from './gaussian.js';
import { Col, DISTORTION_COLS, ReferenceKernels, drawDistortions } from './resample.js';
import { WasmKernels } from './warp-fast.js';

// The WebAssembly kernels must give the JavaScript spec's bytes exactly (the published results
// were made with the spec): each case below compares every byte of every image.

const mnist = loadMnist('train');
/** The first n real training digits. */
const real = (n: number) => mnist.images.subarray(0, n * 784);

/** Test images that stress the skips: blank, all ink, noise everywhere, one pixel in a corner. */
function oddImages(): Uint8Array {
  const rng = new Rng(11);
  const out = new Uint8Array(6 * 784);
  out.fill(255, 784, 2 * 784);
  for (let p = 0; p < 784; p++) out[2 * 784 + p] = rng.int(256);
  out[3 * 784] = 200; // (0, 0)
  out[4 * 784 + 783] = 90; // (27, 27)
  out[5 * 784 + 27] = 1; // (27, 0)
  return out;
}

const CASES: Record<string, AugmentOptions> = {
  beyond: { affine: { rotate: 10, scale: 0.1, shear: 10, translate: 2 }, elastic: { alpha: 16, sigma: 4 } },
  simard: { elastic: { alpha: 34, sigma: 4 } },
  'affine only': { affine: { rotate: 15, scale: 0.15, shear: 15, translate: 3 } },
  'the widest ranges': { affine: { rotate: 180, scale: 0.9, shear: 80, translate: 28 }, elastic: { alpha: 100, sigma: 0.5, fields: 4 } },
  'rough fields': { elastic: { alpha: 60, sigma: 1, fields: 64 } },
  identity: {},
  'beyond, ink budget': { affine: { rotate: 10, scale: 0.1, shear: 10, translate: 2 }, elastic: { alpha: 16, sigma: 4 }, inkBudget: true },
  'affine, ink budget': { affine: { rotate: 180, scale: 0.9, shear: 80, translate: 28 }, inkBudget: true },
  'identity, ink budget': { inkBudget: true },
};

function both(images: Uint8Array, options: AugmentOptions, seed: number): [Uint8Array, Uint8Array] {
  const count = images.length / 784;
  const fast = new Uint8Array(images.length);
  const spec = new Uint8Array(images.length);
  augmentImages(images, count, fast, options, seed, { kernels: new WasmKernels() });
  augmentImages(images, count, spec, options, seed, { kernels: new ReferenceKernels() });
  return [fast, spec];
}

/** How many bytes differ. */
const differing = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe('WasmKernels (augmentImages)', () => {
  for (const [name, options] of Object.entries(CASES)) {
    it(`gives the spec's bytes: ${name}, 3000 real digits and the odd ones`, () => {
      for (const seed of [1, 2_654_435_769]) {
        const [fast, spec] = both(real(3000), options, seed);
        expect(differing(fast, spec), `seed ${seed}`).toBe(0);
        const [fastOdd, specOdd] = both(oddImages(), options, seed);
        expect(differing(fastOdd, specOdd), `odd images, seed ${seed}`).toBe(0);
      }
    });
  }

  it('is what augmentImages uses by default', () => {
    const options = CASES.beyond!;
    const out = new Uint8Array(500 * 784);
    augmentImages(real(500), 500, out, options, 5);
    const [, spec] = both(real(500), options, 5);
    expect(differing(out, spec)).toBe(0);
  });

  it('the comparison sees a shift of a millionth of a pixel (the check can fail)', () => {
    // Nudge tx of every image by 1e-6: a few pixels must round the other way, or byte equality
    // would say little about the arithmetic. (A float32 coordinate is off by up to ~1e-6 here.)
    const n = 3000;
    const rng = new Rng(3);
    const bank = new ElasticBank({ alpha: 16, sigma: 4 });
    bank.refill(rng);
    const table = new Float64Array(n * DISTORTION_COLS);
    drawDistortions(rng, CASES.beyond!.affine, bank, n, table);
    const spec = new Uint8Array(n * 784);
    const ref = new ReferenceKernels();
    ref.prepare(bank);
    ref.warp(real(n), spec, 0, n, table);
    for (let k = 0; k < n; k++) {
      const r = k * DISTORTION_COLS + Col.tx;
      table[r] = table[r]! + 1e-6;
    }
    const fast = new Uint8Array(n * 784);
    const wasm = new WasmKernels();
    wasm.prepare(bank);
    wasm.warp(real(n), fast, 0, n, table);
    expect(differing(fast, spec)).toBeGreaterThan(0);
    expect(differing(fast, spec)).toBeLessThan(100);
  });

  it('handles a bank larger than its first memory and a count that is not a whole chunk', () => {
    const options = { elastic: { alpha: 20, sigma: 3, fields: 3000 } };
    const [fast, spec] = both(real(1500), options, 8);
    expect(differing(fast, spec)).toBe(0);
  });
});

describe('WasmKernels.smoother', () => {
  it("gives the spec's float64 sums and float32 fields exactly, σ from 0.1 to 20", () => {
    const kernels = new WasmKernels();
    const rng = new Rng(4);
    for (const sigma of [0.1, 0.5, 1, 3.3, 4, 8, 20]) {
      const field = Float64Array.from({ length: 784 }, () => 2 * rng.next() - 1);
      for (const Out of [Float64Array, Float32Array]) {
        const fast = new Out(784);
        const spec = new Out(784);
        kernels.smoother(sigma).smooth(field, fast);
        new GaussianSmoother(28, 28, sigma).smooth(field, spec);
        expect(fast, `σ = ${sigma}, ${Out.name}`).toEqual(spec);
      }
    }
  });

  it('the comparison sees a different σ (the check can fail)', () => {
    const field = Float64Array.from({ length: 784 }, (_, i) => Math.sin(i));
    const fast = new Float64Array(784);
    const spec = new Float64Array(784);
    new WasmKernels().smoother(4).smooth(field, fast);
    new GaussianSmoother(28, 28, 4 + 1e-9).smooth(field, spec);
    expect(fast).not.toEqual(spec);
  });

  it('refuses a kernel wider than its scratch', () => {
    expect(() => new WasmKernels().smoother(21)).toThrow('WasmKernels.smoother: sigma must be at most 20 pixels, got 21');
  });
});

// warp-wasm.ts is generated from warp.wat and committed; these keep it from going stale.
describe('the committed wasm bytes', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const script = join(here, '..', '..', 'scripts', 'build-wasm.mjs');
  const check = (...extra: string[]) => spawnSync(process.execPath, [script, '--check', ...extra], { encoding: 'utf8' });
  const tmp = mkdtempSync(join(tmpdir(), 'warp-wasm-check-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('are what warp.wat assembles to', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('warp-wasm.ts is current');
    expect(r.status).toBe(0);
  });

  it('are reported stale when the WAT changes', () => {
    const changed = join(tmp, 'warp.wat');
    const wat = readFileSync(join(here, 'warp.wat'), 'utf8');
    expect(wat).toContain('(f64.const 13.5)');
    writeFileSync(changed, wat.replace('(f64.const 13.5)', '(f64.const 13.25)'));
    const r = check('--wat', changed);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/warp-wasm\.ts is stale: it does not match .*warp\.wat; run `node scripts\/build-wasm\.mjs`/);
  });
});
