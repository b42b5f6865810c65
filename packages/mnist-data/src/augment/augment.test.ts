import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng, activeBackend } from '@mnist-ts/tensor';
import { GaussianSmoother, gaussianKernel, reflectIndex } from './gaussian.js';
import { CENTRE, IDENTITY, Warper, type InverseAffine } from './warp.js';
import { drawAffine, inverseAffine } from './affine.js';
import { ElasticBank } from './elastic.js';
import { augmentImages, augmentProblems } from './images.js';
import { AugmentThread, sharedView } from './thread.js';
import { EpochAugmenter } from './epochs.js';
import { applyInkBudget } from './ink.js';

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as {
  field: number[];
  smooth: Record<string, number[]>;
  warp: { image: number[]; fx: number[]; fy: number[]; map: InverseAffine; values: number[] };
};

/** Smoothing is float64 throughout, like scipy; only summation order differs. */
const SMOOTH_TOLERANCE = 1e-12;

/** The largest |a[i] − b[i]|. */
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** A few synthetic digits: random ink in a 16×12 box, one per seed. */
function digits(count: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const out = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) for (let y = 6; y < 22; y++) for (let x = 8; x < 20; x++) out[i * 784 + y * 28 + x] = rng.int(256);
  return out;
}

describe('gaussian smoothing', () => {
  it('has scipy’s kernel: 2·floor(4σ + 0.5) + 1 taps summing to 1', () => {
    const g = gaussianKernel(4);
    expect(g.length).toBe(33);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(g[16]! / g[15]!).toBeCloseTo(Math.exp(1 / 32), 14);
  });

  it("reflects like scipy's 'reflect' mode (d c b a | a b c d | d c b a)", () => {
    expect([-3, -2, -1, 0, 3, 4, 5, 8, 9].map((i) => reflectIndex(i, 4))).toEqual([2, 1, 0, 0, 3, 3, 2, 0, 1]);
  });

  it('matches scipy.ndimage.gaussian_filter for σ = 1, 4 and 10', () => {
    for (const [sigma, want] of Object.entries(golden.smooth)) {
      const out = new Float64Array(784);
      new GaussianSmoother(28, 28, Number(sigma)).smooth(golden.field, out);
      expect(maxDiff(out, want), `σ = ${sigma}`).toBeLessThan(SMOOTH_TOLERANCE);
    }
  });

  it('the comparison fails for a wrong σ (the check can fail)', () => {
    const out = new Float64Array(784);
    new GaussianSmoother(28, 28, 4.1).smooth(golden.field, out);
    expect(maxDiff(out, golden.smooth['4.0']!)).toBeGreaterThan(SMOOTH_TOLERANCE);
  });
});

describe('Warper (bilinear resampling)', () => {
  const image = digits(1, 3);

  it('gives the input back exactly for the identity map', () => {
    const out = new Uint8Array(784);
    new Warper().warp(image, 0, out, 0, IDENTITY);
    expect(out).toEqual(image);
  });

  it('moves every pixel by a whole-pixel translation, with zeros coming in', () => {
    // Forward translation (+3, −2): source = output − (3, −2).
    const m = inverseAffine({ rotate: 0, scale: 1, shear: 0, tx: 3, ty: -2 });
    const out = new Uint8Array(784);
    new Warper().warp(image, 0, out, 0, m);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const sx = x - 3;
        const sy = y + 2;
        const want = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? image[sy * 28 + sx] : 0;
        expect(out[y * 28 + x], `(${x}, ${y})`).toBe(want);
      }
    }
  });

  it('interpolates a hand-computed value', () => {
    // Pixels (10,10)=100, (11,10)=200, (10,11)=0, (11,11)=40; read at (10.25, 10.5):
    // top = 100 + 0.25·(200 − 100) = 125; bottom = 0 + 0.25·40 = 10; value = 125 + 0.5·(10 − 125) = 67.5 → 68.
    const img = new Uint8Array(784);
    img[10 * 28 + 10] = 100;
    img[10 * 28 + 11] = 200;
    img[11 * 28 + 11] = 40;
    const out = new Uint8Array(784);
    // Translate so that output pixel (10, 10) reads source (10.25, 10.5).
    new Warper().warp(img, 0, out, 0, { ...IDENTITY, tx: 0.25, ty: 0.5 });
    expect(out[10 * 28 + 10]).toBe(68);
    // Output (9, 9) reads (9.25, 9.5): only its far corner (10, 10) has ink, weight 0.25·0.5.
    expect(out[9 * 28 + 9]).toBe(Math.round(100 * 0.25 * 0.5));
  });

  it('matches scipy.ndimage.map_coordinates (order 1, zeros outside) for an affine map plus a field', () => {
    const w = golden.warp;
    const out = new Uint8Array(784);
    const disp = { fieldX: Float32Array.from(w.fx), fieldY: Float32Array.from(w.fy), signX: 1, signY: 1 };
    new Warper().warp(Uint8Array.from(w.image), 0, out, 0, w.map, disp);
    let ties = 0;
    for (let p = 0; p < 784; p++) {
      const v = w.values[p]!;
      if (Math.abs(v - Math.floor(v) - 0.5) < 1e-9) ties++; // a tie may round either way
      else expect(out[p], `pixel ${p}`).toBe(Math.floor(v + 0.5));
    }
    expect(ties).toBeLessThan(5);
    expect(out.some((v) => v > 0)).toBe(true);
  });

  it('the comparison fails when the field is applied with the wrong sign (the check can fail)', () => {
    const w = golden.warp;
    const out = new Uint8Array(784);
    new Warper().warp(Uint8Array.from(w.image), 0, out, 0, w.map, { fieldX: Float32Array.from(w.fx), fieldY: Float32Array.from(w.fy), signX: -1, signY: 1 });
    const wrong = w.values.filter((v, p) => out[p] !== Math.floor(v + 0.5)).length;
    expect(wrong).toBeGreaterThan(50);
  });
});

describe('affine distortions', () => {
  it('inverts the forward map R(θ)·Sh(φ)·s', () => {
    const t = { rotate: 12, scale: 1.1, shear: -7, tx: 1.5, ty: -0.5 };
    const inv = inverseAffine(t);
    // Forward-map a point, then map it back.
    const rad = Math.PI / 180;
    const [c, s, h] = [Math.cos(t.rotate * rad), Math.sin(t.rotate * rad), Math.tan(t.shear * rad)];
    const p = [3, -4];
    const q = [t.scale * (c * p[0]! + (c * h - s) * p[1]!) + t.tx, t.scale * (s * p[0]! + (s * h + c) * p[1]!) + t.ty];
    const back = [inv.a * q[0]! + inv.b * q[1]! + inv.tx, inv.d * q[0]! + inv.e * q[1]! + inv.ty];
    expect(back[0]).toBeCloseTo(p[0]!, 12);
    expect(back[1]).toBeCloseTo(p[1]!, 12);
  });

  it('draws from the ranges and all-zero ranges are the identity', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const d = drawAffine(rng, { rotate: 10, scale: 0.1, shear: 5, translate: 2 });
      expect(Math.abs(d.rotate)).toBeLessThanOrEqual(10);
      expect(Math.abs(d.scale - 1)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(d.shear)).toBeLessThanOrEqual(5);
      expect(Math.max(Math.abs(d.tx), Math.abs(d.ty))).toBeLessThanOrEqual(2);
    }
    // (0 + x turns −0 into 0: the identity's zeros may carry either sign)
    expect(Object.values(inverseAffine(drawAffine(rng, {}))).map((v) => 0 + v)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('turns about the centre: a 90° rotation maps the pixel grid onto itself', () => {
    const image = digits(1, 8);
    const out = new Uint8Array(784);
    new Warper().warp(image, 0, out, 0, inverseAffine({ rotate: 90, scale: 1, shear: 0, tx: 0, ty: 0 }));
    // q = R(90°)(p − c) + c: p = (x, y) goes to (c − (y − c), c + (x − c)) = (27 − y, x).
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) expect(out[x * 28 + (27 - y)]).toBe(image[y * 28 + x]);
    expect(CENTRE).toBe(13.5);
  });
});

describe('elastic distortions', () => {
  it('gives each image two different fields with random signs, each of Simard’s size', () => {
    const bank = new ElasticBank({ alpha: 34, sigma: 4, fields: 64 });
    const rng = new Rng(2);
    bank.refill(rng);
    // Var of one smoothed value = (1/3)·Σ w², w the (reflected) weights of the centre pixel.
    const weights = new Float64Array(784);
    const delta = new Float64Array(784);
    const smoother = new GaussianSmoother(28, 28, 4);
    let sumW2 = 0;
    for (let q = 0; q < 784; q++) {
      delta.fill(0);
      delta[q] = 1;
      smoother.smooth(delta, weights);
      sumW2 += weights[14 * 28 + 14]! ** 2;
    }
    const expectedStd = 34 * Math.sqrt(sumW2 / 3);
    let sq = 0;
    for (let k = 0; k < 64; k++) sq += bank.fieldAt(k)[14 * 28 + 14]! ** 2;
    const std = Math.sqrt(sq / 64);
    // 64 samples: the sample std is within ±30% of the true one with overwhelming probability.
    expect(std / expectedStd).toBeGreaterThan(0.7);
    expect(std / expectedStd).toBeLessThan(1.3);
    const disp = { fieldX: new Float32Array(784), fieldY: new Float32Array(784), signX: 0, signY: 0 };
    for (let i = 0; i < 100; i++) {
      bank.pick(rng, disp);
      expect(disp.fieldX).not.toBe(disp.fieldY);
      expect([1, -1]).toContain(disp.signX);
    }
  });

  it('α = 0 gives the input back exactly', () => {
    const images = digits(5, 1);
    const out = new Uint8Array(images.length);
    augmentImages(images, 5, out, { elastic: { alpha: 0, sigma: 4 } }, 9);
    expect(out).toEqual(images);
  });
});

describe('augmentImages', () => {
  const images = digits(20, 4);
  const options = { affine: { rotate: 10, scale: 0.1, shear: 10, translate: 2 }, elastic: { alpha: 34, sigma: 4, fields: 16 } };
  const run = (seed: number, o = options) => {
    const out = new Uint8Array(images.length);
    augmentImages(images, 20, out, o, seed);
    return out;
  };

  it('the same seed gives the same bytes; another seed other bytes', () => {
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('changes the images but keeps their ink roughly (a distortion, not noise)', () => {
    const out = run(3);
    expect(out).not.toEqual(images);
    const ink = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
    expect(ink(out) / ink(images)).toBeGreaterThan(0.8);
    expect(ink(out) / ink(images)).toBeLessThan(1.25);
  });

  it('empty options copy the images', () => {
    expect(run(1, {} as typeof options)).toEqual(images);
  });

  it('names every bad option', () => {
    expect(augmentProblems({ affine: { rotate: -1, translate: 40 }, elastic: { alpha: 34, sigma: 0, fields: 1 } })).toMatchInlineSnapshot(`
      [
        "affine.rotate: expected 0..180 degrees, received -1",
        "affine.translate: expected 0..28 pixels, received 40",
        "elastic.sigma: expected a number in (0, 20] pixels, received 0",
        "elastic.fields: expected an integer 2..100000, received 1",
      ]
    `);
    expect(() => run(1, { elastic: { alpha: -1, sigma: 4 } } as typeof options)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: augmentImages: elastic.alpha: expected 0..100 pixels, received -1]`,
    );
  });
});

describe('the ink budget (applyInkBudget)', () => {
  const image = (values: Record<number, number>) => {
    const a = new Uint8Array(784);
    for (const [p, v] of Object.entries(values)) a[Number(p)] = v;
    return a;
  };

  it('keeps the n0 brightest pixels: a hand-worked cut', () => {
    const original = image({ 0: 9, 1: 9, 2: 9 }); // n0 = 3
    const distorted = image({ 10: 10, 11: 200, 12: 30, 13: 5, 14: 255 }); // 5 nonzero
    applyInkBudget(original, 0, distorted, 0);
    // count(≥ 30) = 3 ≤ 3 and count(≥ 11) = 3, count(≥ 10) = 4: t = 11, so 10 and 5 go
    expect(distorted).toEqual(image({ 11: 200, 12: 30, 14: 255 }));
  });

  it('changes nothing when the distortion has no more ink than the original', () => {
    const original = image({ 0: 1, 1: 1, 2: 1 });
    const distorted = image({ 5: 3, 6: 1, 7: 250 });
    applyInkBudget(original, 0, distorted, 0);
    expect(distorted).toEqual(image({ 5: 3, 6: 1, 7: 250 }));
  });

  it('drops a tie at the cut whole, and keeps every full-ink pixel even over the budget', () => {
    const tie = image({ 1: 50, 2: 50, 3: 50, 4: 50, 5: 90 });
    applyInkBudget(image({ 0: 1, 1: 1, 2: 1 }), 0, tie, 0); // n0 = 3: count(≥ 51) = 1, count(≥ 50) = 5
    expect(tie).toEqual(image({ 5: 90 }));
    const full = image({ 1: 255, 2: 255, 3: 255, 4: 7 });
    applyInkBudget(image({ 0: 1 }), 0, full, 0); // n0 = 1 < three 255s: t = 255
    expect(full).toEqual(image({ 1: 255, 2: 255, 3: 255 }));
  });

  it('brings distorted real digits back to the originals\' share of nonzero pixels', () => {
    const n = 2000;
    const options = { affine: { rotate: 10, scale: 0.1, shear: 10, translate: 2 }, elastic: { alpha: 16, sigma: 4 } };
    const original = digits(n, 3);
    const smeared = new Uint8Array(n * 784);
    const budgeted = new Uint8Array(n * 784);
    augmentImages(original, n, smeared, options, 7);
    augmentImages(original, n, budgeted, { ...options, inkBudget: true }, 7);
    const nonzero = (a: Uint8Array, from = 0, to = a.length) => a.subarray(from, to).reduce((k, v) => k + (v !== 0 ? 1 : 0), 0);
    expect(nonzero(smeared)).toBeGreaterThan(1.15 * nonzero(original)); // the smear the budget is for
    expect(nonzero(budgeted)).toBeLessThanOrEqual(nonzero(original));
    for (let i = 0; i < n; i++) {
      const [a, b] = [i * 784, (i + 1) * 784];
      const kept = budgeted.subarray(a, b);
      // each image: within its budget (or only full-ink pixels over it), and every pixel kept is as it was
      expect(nonzero(kept) <= nonzero(original, a, b) || kept.every((v) => v === 0 || v === 255)).toBe(true);
      expect(kept.every((v, p) => v === 0 || v === smeared[a + p])).toBe(true);
    }
    expect(augmentProblems({ inkBudget: 'yes' as unknown as boolean })).toEqual(['inkBudget: expected true or false, received "yes"']);
  });
});

describe('AugmentThread', () => {
  it('makes the same bytes in a worker thread as in this one', async () => {
    const images = digits(50, 6);
    const options = { affine: { rotate: 15, translate: 1 }, elastic: { alpha: 20, sigma: 3, fields: 8 } };
    const here = new Uint8Array(images.length);
    augmentImages(images, 50, here, options, 77);
    const thread = new AugmentThread();
    try {
      const out = new Uint8Array(new SharedArrayBuffer(images.length));
      await thread.run(images, 50, out, options, 77);
      expect(out).toEqual(here);
      await expect(thread.run(images, 50, out, { elastic: { alpha: 1, sigma: -1 } }, 1)).rejects.toThrow('elastic.sigma');
    } finally {
      await thread.close();
    }
  });

  it('two threads on the two halves make the whole call’s bytes', async () => {
    const images = digits(3000, 7);
    const options = { affine: { rotate: 10, translate: 2 }, elastic: { alpha: 16, sigma: 4, fields: 32 } };
    const whole = new Uint8Array(images.length);
    augmentImages(images, 3000, whole, options, 12);
    const [a, b] = [new AugmentThread(), new AugmentThread()];
    try {
      const out = new Uint8Array(new SharedArrayBuffer(images.length));
      await Promise.all([a.run(images, 3000, out, options, 12, 0, 1024), b.run(images, 3000, out, options, 12, 1024, 3000)]);
      // Buffer.compare, not toEqual: a deep equality over 2.4 MB takes seconds (a minute when loaded).
      expect(Buffer.compare(out, whole)).toBe(0);
      // A range leaves the rest alone, and need not start on a chunk.
      const part = new Uint8Array(images.length);
      augmentImages(images, 3000, part, options, 12, { from: 1500, to: 1600 });
      expect(Buffer.compare(part.subarray(1500 * 784, 1600 * 784), whole.subarray(1500 * 784, 1600 * 784))).toBe(0);
      expect(part.subarray(0, 1500 * 784).every((v) => v === 0) && part.subarray(1600 * 784).every((v) => v === 0)).toBe(true);
      expect(() => augmentImages(images, 3000, part, options, 12, { from: 10, to: 3001 })).toThrow(
        'augmentImages: from, to must be integers with 0 <= from <= to <= count (3000); received 10, 3001',
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

});

describe('sharedView', () => {
  it('copies a set of images into shared memory once, however often it is asked', () => {
    const cache = new WeakMap<Uint8Array, Uint8Array>();
    const images = digits(3, 1);
    const a = sharedView(cache, images, 2 * 784);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a).toEqual(images.subarray(0, 2 * 784));
    expect(sharedView(cache, images, 2 * 784)).toBe(a);
    const shared = new Uint8Array(new SharedArrayBuffer(784));
    expect(sharedView(cache, shared, 784).buffer).toBe(shared.buffer); // already shared: no copy
  });
});

describe('EpochAugmenter', () => {
  const images = digits(300, 9);
  const options = { affine: { rotate: 10, translate: 2 }, elastic: { alpha: 16, sigma: 4, fields: 16 } };
  const want = (seed: number) => {
    const out = new Uint8Array(images.length);
    augmentImages(images, 300, out, options, seed);
    return out;
  };
  const shared = () => new Uint8Array(new SharedArrayBuffer(images.length));

  it('makes each epoch\'s images in its worker (the same bytes), borrowing a core meanwhile when told to', async () => {
    const backend = activeBackend() as { lendCore?: () => () => void };
    const had = backend.lendCore;
    const loans = { out: 0, returned: 0 };
    backend.lendCore = () => {
      loans.out++;
      return () => loans.returned++;
    };
    const lending = new EpochAugmenter(options, { lend: true });
    const not = new EpochAugmenter(options, { lend: false });
    try {
      const out = [shared(), shared(), shared()];
      const first = lending.images(images, 300, out[0]!, 1);
      expect(loans).toEqual({ out: 1, returned: 0 }); // out while the worker works
      await first;
      expect(loans).toEqual({ out: 1, returned: 1 });
      await lending.images(images, 300, out[1]!, 2);
      await not.images(images, 300, out[2]!, 3);
      expect(loans).toEqual({ out: 2, returned: 2 });
      expect(out).toEqual([want(1), want(2), want(3)]);
    } finally {
      backend.lendCore = had;
      await Promise.all([lending.close(), not.close()]);
    }
  });
});
