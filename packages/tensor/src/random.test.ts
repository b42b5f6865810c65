import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Rng } from './random.js';

// Written by fixtures/xoshiro.py, an independent Python implementation of the same generator.
const golden = JSON.parse(readFileSync(new URL('./fixtures/xoshiro.json', import.meta.url), 'utf8')) as Record<string, number[]>;

describe('Rng (xoshiro128** seeded by splitmix32)', () => {
  it.each(Object.keys(golden))('matches the Python implementation for seed %s', (seed) => {
    const rng = new Rng(Number(seed));
    expect(Array.from({ length: 8 }, () => rng.nextU32())).toEqual(golden[seed]);
  });

  it('resumes exactly from a saved state', () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.nextU32();
    const b = Rng.fromState(a.state());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(Array.from({ length: 5 }, () => a.next()));
  });

  it('rejects a malformed state', () => {
    expect(() => Rng.fromState([1, 2, 3])).toThrowErrorMatchingInlineSnapshot(`[RangeError: Rng.fromState: expected 4 uint32 words, got [1,2,3]]`);
  });

  it('int(n) stays in range and covers it', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const rng = new Rng(11);
    const n = 100_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    // Standard errors: 1/sqrt(n) ≈ 0.003 for the mean, sqrt(2/n) ≈ 0.0045 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - mean * mean - 1)).toBeLessThan(0.025);
  });

  it('shuffle is a seeded permutation', () => {
    const p1 = new Rng(5).permutation(100);
    const p2 = new Rng(5).permutation(100);
    const p3 = new Rng(6).permutation(100);
    expect(p1).toEqual(p2);
    expect(p1).not.toEqual(p3);
    expect([...p1].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
