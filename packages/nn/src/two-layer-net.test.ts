import { afterEach, describe, expect, it } from 'vitest';
import { ByteMatrix, Matrix, Rng, axpy, jsBackend, registerBackend, setBackend } from '@mnist-ts/tensor';
import type { LossKind } from './losses.js';
import { maxRelDiff, oneHotRows, tinyProblem } from './test-nets.js';
import { PARAM_NAMES, TwoLayerNet } from './two-layer-net.js';

/**
 * Byte input computes (offset + scale·p)·W as offset·colsum(W) + scale·(p·W): the same numbers
 * summed in another order, so results differ by float32 rounding (~1e-7 relative) only.
 */
const BYTE_EQUIVALENCE_TOLERANCE = 1e-5;

describe('TwoLayerNet: construction', () => {
  it('draws He-normal W1, b1, W2, b2 in that order, N(0, 2/fan_in)', () => {
    const net = new TwoLayerNet({ inputs: 5, hidden: 4, outputs: 3 }, new Rng(42));
    const rng = new Rng(42);
    const draw = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
    expect(net.W1.data).toEqual(draw(20, 5));
    expect(net.b1.data).toEqual(draw(4, 5));
    expect(net.W2.data).toEqual(draw(12, 4));
    expect(net.b2.data).toEqual(draw(3, 4));
    expect(net.params().map((p) => [p.name, p.value.shape, p.grad.shape])).toEqual([
      ['W1', [5, 4], [5, 4]],
      ['b1', [1, 4], [1, 4]],
      ['W2', [4, 3], [4, 3]],
      ['b2', [1, 3], [1, 3]],
    ]);
  });

  it('He-normal has the right spread at MNIST size', () => {
    const net = new TwoLayerNet({ hidden: 64 }, new Rng(1));
    const sd = (d: Float32Array) => Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
    // a sample standard deviation of n draws is off by ~1/sqrt(2n): 0.3% for W1, 2.8% for W2
    expect(Math.abs(sd(net.W1.data) / Math.sqrt(2 / 784) - 1)).toBeLessThan(0.01);
    expect(Math.abs(sd(net.W2.data) / Math.sqrt(2 / 64) - 1)).toBeLessThan(0.1);
    expect(net.config).toEqual({ inputs: 784, hidden: 64, outputs: 10, loss: 'cross-entropy', l2: 1e-4 });
  });

  it('fromWeights copies Matrices or flat arrays and checks their sizes', () => {
    const { net } = tinyProblem('cross-entropy');
    const copy = TwoLayerNet.fromWeights({ W1: net.W1, b1: net.b1, W2: net.W2, b2: net.b2 });
    expect(copy.config).toMatchObject({ inputs: 5, hidden: 4, outputs: 3 });
    for (const name of PARAM_NAMES) expect(copy[name].data).toEqual(net[name].data);
    expect(copy.W1.data).not.toBe(net.W1.data);
    const flat = TwoLayerNet.fromWeights({ W1: net.W1.data, b1: net.b1.data, W2: net.W2.data, b2: net.b2.data }, { inputs: 5, outputs: 3 });
    expect(flat.W2.toArray()).toEqual(net.W2.toArray());
    expect(() => TwoLayerNet.fromWeights({ W1: net.W1.data, b1: net.b1.data, W2: net.W2.data, b2: net.b2.data }, { inputs: 6, outputs: 3 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: TwoLayerNet.fromWeights: W1 should be [6,4], got 20 values]`,
    );
    expect(() => TwoLayerNet.fromWeights({ W1: net.W1, b1: net.b1, W2: Matrix.zeros(3, 4), b2: net.b2 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: TwoLayerNet.fromWeights: W2 should be [4,3], got [3,4]]`,
    );
  });

  it('rejects bad options with the field named', () => {
    expect(() => new TwoLayerNet({ hidden: 0 }, null)).toThrowErrorMatchingInlineSnapshot(`[RangeError: TwoLayerNet: hidden must be a positive integer, got 0]`);
    expect(() => new TwoLayerNet({ hidden: 4, l2: -1 }, null)).toThrowErrorMatchingInlineSnapshot(`[RangeError: TwoLayerNet: l2 must be a finite number >= 0, got -1]`);
    expect(() => new TwoLayerNet({ hidden: 4, loss: 'hinge' as LossKind }, null)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: loss: expected one of "cross-entropy", "mse", got "hinge"]`,
    );
  });
});

describe('TwoLayerNet: forward, backward, misuse', () => {
  it('forward gives rows of probabilities; loss and backward need a forward first and matching y', () => {
    const { net, x, y } = tinyProblem('cross-entropy');
    expect(() => net.backward(y)).toThrowErrorMatchingInlineSnapshot(`[Error: TwoLayerNet.backward: call forward first]`);
    const a2 = net.forward(x);
    for (const row of a2.toArray()) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(() => net.loss(oneHotRows([0, 1], 3))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: TwoLayerNet.loss: y is [2,3], the last forward pass gave [3,3]]`,
    );
    expect(() => net.forward(Matrix.zeros(2, 4))).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: TwoLayerNet.forward: x has 4 columns, the network takes 5 inputs]`,
    );
  });

  it('loss reports the data term and λ/(2m)·(‖W1‖² + ‖W2‖²) apart', () => {
    const { net, x, y } = tinyProblem('cross-entropy', 0.5);
    net.forward(x);
    const r = net.loss(y);
    const sq = [...net.W1.data, ...net.W2.data].reduce((s, v) => s + v * v, 0);
    expect(r.l2).toBeCloseTo((0.5 / (2 * 3)) * sq, 6);
    expect(r.total).toBe(r.data + r.l2);
  });

  it('firstNonFinite names the parameter holding NaN or Infinity', () => {
    const { net } = tinyProblem('cross-entropy');
    expect(net.firstNonFinite()).toBeNull();
    net.W2.data[5] = Infinity;
    expect(net.firstNonFinite()).toBe('W2');
    net.b1.data[0] = NaN;
    expect(net.firstNonFinite()).toBe('b1');
  });

  it('byte input gives the same forward and gradients as the equivalent Float32 input', () => {
    const rng = new Rng(11);
    const pixels = Uint8Array.from({ length: 16 * 30 }, () => (rng.next() < 0.6 ? 0 : rng.int(256)));
    const bytes = new ByteMatrix(16, 30, pixels, 0.99 / 255, 0.01);
    const labels = Array.from({ length: 16 }, () => rng.int(4));
    for (const loss of ['cross-entropy', 'mse'] as const) {
      const net = new TwoLayerNet({ inputs: 30, hidden: 8, outputs: 4, loss }, new Rng(5));
      const y = oneHotRows(labels, 4);
      const fromFloats = net.forward(bytes.toMatrix()).clone();
      net.backward(y);
      const grads = net.params().map((p) => p.grad.clone());
      const fromBytes = net.forward(bytes);
      net.backward(y);
      const diffs = [maxRelDiff(fromBytes.data, fromFloats.data, 1e-3), ...net.params().map((p, i) => maxRelDiff(p.grad.data, grads[i]!.data, 1e-3))];
      console.log(`bytes vs floats (${loss}): a2, dW1, db1, dW2, db2 differ by at most ${diffs.map((d) => d.toExponential(1)).join(', ')}`);
      for (const d of diffs) expect(d).toBeLessThan(BYTE_EQUIVALENCE_TOLERANCE);
    }
  });
});

describe('TwoLayerNet: learning', () => {
  /** Three Gaussian blobs in the plane, 20 points each, labelled by blob. */
  function blobs(seed: number): { x: Matrix; y: Matrix } {
    const rng = new Rng(seed);
    const centres = [[-2, -1], [2, -1], [0, 2]] as const;
    const points: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 60; i++) {
      const c = i % 3;
      points.push([centres[c]![0] + 0.5 * rng.normal(), centres[c]![1] + 0.5 * rng.normal()]);
      labels.push(c);
    }
    return { x: Matrix.from(points), y: oneHotRows(labels, 3) };
  }

  for (const [loss, lr] of [['cross-entropy', 0.5], ['mse', 2]] as const) {
    it(`learns three clusters with ${loss}: the loss falls tenfold in 300 steps`, () => {
      const { x, y } = blobs(9);
      const net = new TwoLayerNet({ inputs: 2, hidden: 16, outputs: 3, loss, l2: 1e-4 }, new Rng(2));
      const first = net.trainBatch(x, y, lr);
      let last = first;
      for (let step = 1; step < 300; step++) last = net.trainBatch(x, y, lr);
      console.log(`toy ${loss}: data loss ${first.dataLoss.toFixed(4)} -> ${last.dataLoss.toFixed(4)}, correct ${first.correct} -> ${last.correct} of 60`);
      expect(last.dataLoss).toBeLessThan(first.dataLoss / 10);
      expect(last.correct).toBeGreaterThanOrEqual(58);
    });
  }
});

describe('TwoLayerNet: buffers are reused, never reallocated per batch', () => {
  let allocations = 0;
  registerBackend({
    ...jsBackend,
    name: 'counting',
    priority: -1,
    allocFloat32: (n: number) => {
      allocations++;
      return new Float32Array(n);
    },
  });
  afterEach(async () => {
    await setBackend('js');
  });

  it('trainBatch allocates backend memory only for a batch size larger than any before', async () => {
    await setBackend('counting');
    const rng = new Rng(4);
    const net = new TwoLayerNet({ inputs: 6, hidden: 5, outputs: 3 }, rng);
    const batch = (m: number) => ({ x: Matrix.from(Array.from({ length: m }, () => Array.from({ length: 6 }, () => rng.next()))), y: oneHotRows(Array.from({ length: m }, (_, i) => i % 3), 3) });
    const [big, small] = [batch(8), batch(3)];
    net.trainBatch(big.x, big.y, 0.1);
    const afterFirst = allocations;
    const a2 = net.forward(big.x);
    for (let i = 0; i < 5; i++) {
      net.trainBatch(big.x, big.y, 0.1);
      net.trainBatch(small.x, small.y, 0.1);
    }
    expect(allocations).toBe(afterFirst);
    expect(net.forward(big.x)).toBe(a2);
  });
});

describe('TwoLayerNet.backward with a step: layer 1 backward and step fused', () => {
  afterEach(async () => {
    await setBackend('js');
  });
  const bits = (m: Matrix) => new Uint32Array(m.data.slice().buffer);

  // 64×300 bytes into 64 hidden units: big enough (m·n·k > 2^20) for wasm-simd-mt to split it.
  for (const name of ['reference', 'js', 'wasm-simd', 'wasm-simd-mt']) {
    it(`on ${name}: the weights backward + p ← p − lr·dp give, to the bit`, async () => {
      await setBackend(name);
      const rng = new Rng(21);
      const [m, inputs] = [64, 300];
      const pixels = Uint8Array.from({ length: m * inputs }, () => (rng.next() < 0.8 ? 0 : rng.int(256)));
      const x = new ByteMatrix(m, inputs, pixels, 0.99 / 255, 0.01);
      const y = oneHotRows(Array.from({ length: m }, () => rng.int(10)), 10);
      const options = { inputs, hidden: 64, outputs: 10, l2: 0.05 }; // a large λ, so the decay term shows
      const fused = new TwoLayerNet(options, new Rng(8));
      const unfused = new TwoLayerNet(options, new Rng(8));
      for (const [step, lr] of [0.1, 0.095, 0.09].entries()) {
        const r = fused.trainBatch(x, y, lr);
        unfused.forward(x);
        const loss = unfused.loss(y);
        unfused.backward(y);
        for (const p of unfused.params()) axpy(-lr, p.grad, p.value);
        for (const p of PARAM_NAMES) expect(bits(fused[p]), `${p} after step ${step + 1}`).toEqual(bits(unfused[p]));
        expect(r.dataLoss).toBe(loss.data);
        expect(Math.abs(r.l2Loss - loss.l2) / loss.l2).toBeLessThan(1e-6); // Σ W² summed in another order
      }
    });
  }

  it('the comparison can fail: a step with lr off by one part in 10^6 shows in the bits', async () => {
    await setBackend('wasm-simd');
    const rng = new Rng(3);
    const x = new ByteMatrix(16, 40, Uint8Array.from({ length: 640 }, () => rng.int(256)), 0.99 / 255, 0.01);
    const y = oneHotRows(Array.from({ length: 16 }, () => rng.int(10)), 10);
    const a = new TwoLayerNet({ inputs: 40, hidden: 8, outputs: 10 }, new Rng(1));
    const b = new TwoLayerNet({ inputs: 40, hidden: 8, outputs: 10 }, new Rng(1));
    a.trainBatch(x, y, 0.1);
    b.trainBatch(x, y, 0.1 * (1 + 1e-6));
    expect(bits(a.W1)).not.toEqual(bits(b.W1));
  });
});
