import { describe, expect, it } from 'vitest';
import { NORMALIZATION_KINDS, describeNormalizations, normalization, normalizationOfText, normalizationTable, normalizationText, normalizeInto } from './normalize.js';

const allPixels = Uint8Array.from({ length: 256 }, (_, p) => p);

describe('normalization', () => {
  it("maps 0 -> 0.01 and 255 -> 1.0 for 'paper' (the default)", () => {
    const x = normalizeInto(Uint8Array.of(0, 255));
    expect(x[0]).toBe(Math.fround(0.01));
    expect(x[1]).toBe(1);
  });

  it("maps 0 -> 0 and 255 -> 1 for 'unit'", () => {
    expect(Array.from(normalizeInto(Uint8Array.of(0, 51, 255), undefined, 'unit'))).toEqual([0, Math.fround(0.2), 1]);
  });

  it('exposes the affine form x = offset + scale·p', () => {
    expect(normalization('paper')).toEqual({ scale: 0.99 / 255, offset: 0.01 });
    expect(normalization('unit')).toEqual({ scale: 1 / 255, offset: 0 });
    expect(normalization()).toBe(normalization('paper'));
  });

  it('writes exactly Math.fround(offset + scale·p) for every pixel value', () => {
    for (const kind of ['paper', 'unit'] as const) {
      const { scale, offset } = normalization(kind);
      const x = normalizeInto(allPixels, new Float32Array(256), kind);
      for (let p = 0; p < 256; p++) expect(x[p]).toBe(Math.fround(offset + scale * p));
      expect(normalizationTable(kind)).toEqual(x);
    }
  });

  it("agrees with the paper's formula p/255·0.99 + 0.01 to float32 precision", () => {
    const x = normalizeInto(allPixels);
    // The two double computations may differ in their last bit; rounding to float32 hides it.
    for (let p = 0; p < 256; p++) expect(x[p]).toBe(Math.fround((p / 255) * 0.99 + 0.01));
  });

  it('accepts an explicit affine map', () => {
    expect(Array.from(normalizeInto(Uint8Array.of(0, 2), undefined, { scale: 0.5, offset: -1 }))).toEqual([-1, 0]);
  });

  it('hands out copies of its table, so a caller cannot corrupt the shared one', () => {
    normalizationTable('paper').fill(42);
    expect(normalizationTable('paper')[0]).toBe(Math.fround(0.01));
  });

  it('rejects an unknown kind and a short output', () => {
    expect(() => normalization('zscore' as 'unit')).toThrowErrorMatchingInlineSnapshot(`[RangeError: normalization: unknown kind "zscore", expected "paper" or "unit"]`);
    expect(() => normalizeInto(allPixels, new Float32Array(10))).toThrowErrorMatchingInlineSnapshot(`[RangeError: normalizeInto: out holds 10 floats, 256 pixels need as many]`);
  });
});

describe('normalisation formulas, as model files record them', () => {
  it('name each kind and read each back; any other text is no kind', () => {
    expect(NORMALIZATION_KINDS.map(normalizationText)).toEqual(['x/255*0.99+0.01', 'x/255']);
    for (const kind of NORMALIZATION_KINDS) expect(normalizationOfText(normalizationText(kind))).toBe(kind);
    expect(normalizationOfText('x/256')).toBeUndefined();
    expect(describeNormalizations()).toBe("'paper': x/255*0.99+0.01; 'unit': x/255");
  });
});
