import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ByteMatrix, Matrix } from '@mnist-ts/tensor';
import type { LossKind } from './losses.js';
import { maxRelDiff } from './test-nets.js';
import { PARAM_NAMES, TwoLayerNet, type ParamName } from './two-layer-net.js';

/**
 * golden.json comes from fixtures/golden.py, an independent float64 numpy implementation of the
 * same equations. Our float32 values pass through a handful of roundings of 6e-8 each, so they
 * agree to ~1e-6 relative; values below FLOOR are compared absolutely (to TOLERANCE·FLOOR).
 */
const GOLDEN_TOLERANCE = 1e-5;
const FLOOR = 1e-2;

type Nested = number[] | number[][];
interface GoldenRun {
  forward: Record<'z1' | 'a1' | 'z2' | 'a2', number[][]>;
  dataLoss: number;
  l2: number;
  total: number;
  grads: Record<ParamName, Nested>;
  after: Record<ParamName, Nested>;
}
interface Golden {
  lr: number;
  l2: number;
  scale: number;
  offset: number;
  pixels: number[][];
  x: number[][];
  y: number[][];
  params: Record<ParamName, Nested>;
  losses: Record<LossKind, GoldenRun>;
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as Golden;
const flat = (v: Nested): number[] => (v as (number | number[])[]).flat();

function goldenNet(loss: LossKind): TwoLayerNet {
  const w = (name: ParamName): Float32Array => Float32Array.from(flat(golden.params[name]));
  return TwoLayerNet.fromWeights({ W1: w('W1'), b1: w('b1'), W2: w('W2'), b2: w('b2') }, { inputs: 6, outputs: 3, loss, l2: golden.l2 });
}

const inputs = {
  'Float32 x': () => Matrix.from(golden.x),
  'pixel bytes': () => new ByteMatrix(4, 6, Uint8Array.from(golden.pixels.flat()), golden.scale, golden.offset),
};

describe('golden values from numpy (fixtures/golden.py)', () => {
  for (const loss of ['cross-entropy', 'mse'] as const) {
    for (const [kind, makeX] of Object.entries(inputs)) {
      it(`${loss}, ${kind}: forward, losses, gradients and one SGD step`, () => {
        const g = golden.losses[loss];
        const net = goldenNet(loss);
        const y = Matrix.from(golden.y);
        net.forward(makeX());
        const errors: Record<string, number> = {};
        const acts = net.activations()!;
        for (const k of ['z1', 'a1', 'z2', 'a2'] as const) errors[k] = maxRelDiff(acts[k].data, g.forward[k].flat(), FLOOR);
        const report = net.loss(y);
        errors.dataLoss = maxRelDiff([report.data], [g.dataLoss], FLOOR);
        errors.l2 = maxRelDiff([report.l2], [g.l2], 1e-12); // tiny (1.3e-4) but exact enough to compare relatively
        errors.total = maxRelDiff([report.total], [g.total], FLOOR);
        net.backward(y);
        for (const p of net.params()) errors[`d${p.name}`] = maxRelDiff(p.grad.data, flat(g.grads[p.name]), FLOOR);
        net.forward(makeX());
        net.backward(y, { step: golden.lr });
        for (const p of net.params()) errors[`${p.name} after step`] = maxRelDiff(p.value.data, flat(g.after[p.name]), FLOOR);
        const worst = Math.max(...Object.values(errors));
        console.log(`golden ${loss} (${kind}): worst ${worst.toExponential(2)} ${JSON.stringify(errors, (_, v: unknown) => (typeof v === 'number' ? Number(v.toExponential(2)) : v))}`);
        for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(GOLDEN_TOLERANCE);
        expect(PARAM_NAMES.every((n) => `d${n}` in errors)).toBe(true);
      });
    }
  }

  it('trainBatch reports the same losses and counts the correct rows', () => {
    const g = golden.losses['cross-entropy'];
    const net = goldenNet('cross-entropy');
    const r = net.trainBatch(Matrix.from(golden.x), Matrix.from(golden.y), golden.lr);
    const hits = g.forward.a2.filter((row, i) => row.indexOf(Math.max(...row)) === golden.y[i]!.indexOf(1)).length;
    expect(r.correct).toBe(hits);
    expect(maxRelDiff([r.dataLoss, r.l2Loss], [g.dataLoss, g.l2], 1e-12)).toBeLessThan(GOLDEN_TOLERANCE);
    expect(maxRelDiff(net.W1.data, flat(g.after.W1), FLOOR)).toBeLessThan(GOLDEN_TOLERANCE);
  });
});
