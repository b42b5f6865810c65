import { describe, expect, it } from 'vitest';
import { ByteMatrix, Matrix, Rng } from '@mnist-ts/tensor';
import { evaluateChunks } from './evaluate.js';
import { TwoLayerNet } from './two-layer-net.js';

const NORM = { scale: 0.99 / 255, offset: 0.01 };

function setup(count = 37) {
  const rng = new Rng(21);
  const net = new TwoLayerNet({ inputs: 12, hidden: 7, outputs: 4 }, rng);
  const pixels = Uint8Array.from({ length: count * 12 }, () => (rng.next() < 0.5 ? 0 : rng.int(256)));
  const labels = Uint8Array.from({ length: count }, () => rng.int(4));
  return { net, pixels, labels, count };
}

describe('evaluation over a whole data set', () => {
  it('agrees with one forward pass over all rows, whatever the chunk size', () => {
    const { net, pixels, labels, count } = setup();
    const x = new ByteMatrix(count, 12, pixels, NORM.scale, NORM.offset);
    const a2 = net.forward(x).clone();
    const predictions = net.predict(x);
    let loss = 0;
    for (let i = 0; i < count; i++) loss -= Math.log(a2.get(i, labels[i]!));
    const correct = predictions.filter((p, i) => p === labels[i]).length;

    for (const chunk of [1, 5, 1000]) {
      const r = net.evaluateBytes(pixels, labels, count, NORM, chunk, { probabilities: true });
      expect(r.n).toBe(count);
      expect(r.predictions).toEqual(predictions);
      expect(r.accuracy).toBe(correct / count);
      expect(r.loss).toBeCloseTo(loss / count, 6);
      expect(r.probabilities!.length).toBe(count * 4);
      expect(Math.abs(r.probabilities![13]! - a2.data[13]!)).toBeLessThan(1e-6);
    }
  });

  it('counts a confusion matrix confusion[true][predicted] and per-class accuracy', () => {
    const { net, pixels, labels, count } = setup();
    const r = net.evaluate(new ByteMatrix(count, 12, pixels, NORM.scale, NORM.offset), labels, 10);
    const expected = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    for (let i = 0; i < count; i++) expected[labels[i]!]![r.predictions[i]!]!++;
    expect(r.confusion).toEqual(expected);
    expect(r.classCounts).toEqual(expected.map((row) => row.reduce((s, v) => s + v, 0)));
    expect(r.perClass).toEqual(expected.map((row, c) => row[c]! / r.classCounts[c]!));
    expect(r.probabilities).toBeUndefined();
  });

  it('takes Float32 rows and custom chunk streams alike', () => {
    const { net, pixels, labels, count } = setup();
    const floats = new ByteMatrix(count, 12, pixels, NORM.scale, NORM.offset).toMatrix();
    const whole = net.evaluate(floats, labels);
    const halves = evaluateChunks(net, [
      { x: new Matrix(20, 12, floats.data.subarray(0, 240)), labels: labels.subarray(0, 20) },
      { x: new Matrix(17, 12, floats.data.subarray(240)), labels: labels.subarray(20) },
    ]);
    expect(halves.predictions).toEqual(whole.predictions);
    expect(halves.loss).toBeCloseTo(whole.loss, 6);
  });

  it('refuses labels outside the classes, missing labels, short pixel arrays and empty sets', () => {
    const { net, pixels, labels, count } = setup();
    const bad = labels.slice();
    bad[30] = 9;
    expect(() => net.evaluateBytes(pixels, bad, count, NORM)).toThrowErrorMatchingInlineSnapshot(`[RangeError: evaluate: label 9 of row 30 is not a class 0..3]`);
    expect(() => net.evaluateBytes(pixels, labels.subarray(0, 3), count, NORM)).toThrowErrorMatchingInlineSnapshot(`[RangeError: evaluate: 37 rows but 3 labels]`);
    expect(() => net.evaluateBytes(pixels.subarray(0, 100), labels, count, NORM)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: evaluate: 37 rows of 12 pixels need 444 bytes, got 100]`,
    );
    expect(() => net.evaluateBytes(pixels, labels, 0, NORM)).toThrowErrorMatchingInlineSnapshot(`[RangeError: evaluate: no rows to evaluate]`);
    expect(() => net.evaluateBytes(pixels, labels, count, NORM, 0)).toThrowErrorMatchingInlineSnapshot(`[RangeError: evaluate: chunk must be a positive integer, got 0]`);
  });
});
