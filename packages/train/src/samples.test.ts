import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { train } from './trainer.js';
import type { TrainHooks } from './hooks.js';
import type { TrainEvent } from './events.js';
import { sampleRows, type EpochSamples } from './samples.js';
import { syntheticSplit } from './test-data.js';

const small = { hidden: 16, epochs: 3, batchSize: 32, lr: 0.1, seed: 7, previewUnits: 0 };
const hash = (a: Uint8Array) => createHash('sha256').update(a).digest('hex');
const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const weights = (net: { W1: { data: Float32Array }; W2: { data: Float32Array } }) => [hash(bytes(net.W1.data)), hash(bytes(net.W2.data))];

/**
 * An epoch transform that inverts every image (255 − v), except every 7th row left as it is, and
 * keeps a copy of what it made for each epoch; a batch transform that notes every row it trains on.
 */
function recorders() {
  const made = new Map<number, Uint8Array>();
  const trained = new Map<number, Set<string>>();
  const invert: TrainHooks = {
    name: 'invert',
    epochImages({ epoch, images, count, out }) {
      for (let i = 0; i < count * 784; i++) out[i] = Math.floor(i / 784) % 7 === 0 ? images[i]! : 255 - images[i]!;
      out[epoch] = epoch; // a byte that differs between epochs
      made.set(epoch, out.slice(0, count * 784));
    },
    batch({ epoch, pixels, size }) {
      const rows = trained.get(epoch) ?? trained.set(epoch, new Set()).get(epoch)!;
      for (let r = 0; r < size; r++) rows.add(hash(pixels.subarray(r * 784, (r + 1) * 784)));
    },
  };
  return { made, trained, invert };
}

describe('epoch:samples', () => {
  it('sends, after each epoch:start, a few rows exactly as that epoch trained on them, beside the originals', async () => {
    const data = syntheticSplit(300, 50);
    const { made, trained, invert } = recorders();
    const events: TrainEvent[] = [];
    await train(small, data, { hooks: [invert], emit: (e) => events.push(e) });
    const samples = events.filter((e): e is EpochSamples => e.type === 'epoch:samples');
    expect(samples.map((s) => s.epoch)).toEqual([1, 2, 3]);
    for (const s of samples) {
      const i = events.indexOf(s);
      expect(events[i - 1]).toMatchObject({ type: 'epoch:start', epoch: s.epoch });
      expect(s.rows).toEqual(sampleRows(small.seed, 300, 8));
      expect(new Set(s.rows).size).toBe(8);
      s.rows.forEach((r, k) => {
        expect(s.labels[k]).toBe(data.train.labels[r]);
        expect(s.originals[k]).toEqual(data.train.images.subarray(r * 784, (r + 1) * 784));
        expect(s.images[k]).toEqual(made.get(s.epoch)!.subarray(r * 784, (r + 1) * 784));
        // ...and the batches of that epoch trained on those very bytes
        expect(trained.get(s.epoch)!.has(hash(s.images[k]!))).toBe(true);
      });
      // the check can fail: an original (not the epoch's image) is not among the rows trained on
      const inverted = s.rows.findIndex((r) => r % 7 !== 0);
      expect(inverted).toBeGreaterThanOrEqual(0);
      expect(trained.get(s.epoch)!.has(hash(s.originals[inverted]!))).toBe(false);
    }
  });

  it('takes nothing from training: the same weights with samples, without them, and from a plain run none are sent', async () => {
    const data = syntheticSplit(300, 50);
    const withSamples = await train(small, data, { hooks: [recorders().invert] });
    const none: TrainEvent[] = [];
    const without = await train(small, data, { hooks: [recorders().invert], samples: 0, emit: (e) => none.push(e) });
    expect(weights(withSamples.net)).toEqual(weights(without.net));
    expect(none.some((e) => e.type === 'epoch:samples')).toBe(false);
    const plain: TrainEvent[] = [];
    await train(small, data, { emit: (e) => plain.push(e) });
    expect(plain.some((e) => e.type === 'epoch:samples')).toBe(false);
    // a batch transform alone makes no epoch images, so it sends none either
    await train(small, data, { hooks: [{ batch: () => {} }], emit: (e) => plain.push(e) });
    expect(plain.some((e) => e.type === 'epoch:samples')).toBe(false);
  });

  it('picks the rows from the run seed alone: distinct, in range, another seed gives others', () => {
    const rows = sampleRows(7, 60000, 8);
    expect(new Set(rows).size).toBe(8);
    for (const r of rows) expect(r >= 0 && r < 60000 && Number.isInteger(r)).toBe(true);
    expect(sampleRows(7, 60000, 8)).toEqual(rows);
    expect(sampleRows(8, 60000, 8)).not.toEqual(rows);
    expect(sampleRows(7, 5, 8).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
