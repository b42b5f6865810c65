import { describe, expect, it } from 'vitest';
import { ByteMatrix, Rng, axpy, scale } from '@mnist-ts/tensor';
import { GRADCHECK_TOLERANCE, gradCheck } from './grad-check.js';
import type { LossKind } from './losses.js';
import { oneHotRows, tinyProblem } from './test-nets.js';
import { PARAM_NAMES, TwoLayerNet } from './two-layer-net.js';

const LOSSES: LossKind[] = ['cross-entropy', 'mse'];

describe('gradient check: analytic float32 gradients against float64 central differences', () => {
  for (const loss of LOSSES) {
    for (const l2 of [1e-4, 0.5]) {
      it(`${loss}, λ = ${l2}: every parameter within GRADCHECK_TOLERANCE`, () => {
        const { net, x, y } = tinyProblem(loss, l2);
        const r = gradCheck(net, x, y);
        console.log(`gradcheck ${loss} λ=${l2}: ${JSON.stringify(r.maxRelError)} (kink margin ${r.kinkMargin.toFixed(3)})`);
        expect(r.kinkMargin).toBeGreaterThan(1e-2);
        for (const name of PARAM_NAMES) expect(r.maxRelError[name], name).toBeLessThan(GRADCHECK_TOLERANCE);
        expect(r.ok).toBe(true);
      });
    }
  }

  it('byte input (x = offset + scale·p) passes too', () => {
    const rng = new Rng(3);
    const net = new TwoLayerNet({ inputs: 6, hidden: 4, outputs: 3, loss: 'cross-entropy', l2: 1e-4 }, rng);
    const pixels = Uint8Array.from({ length: 18 }, () => (rng.next() < 0.4 ? 0 : rng.int(256)));
    const x = new ByteMatrix(3, 6, pixels, 0.99 / 255, 0.01);
    const r = gradCheck(net, x, oneHotRows([1, 0, 2], 3));
    console.log(`gradcheck bytes: ${JSON.stringify(r.maxRelError)}`);
    expect(r.ok).toBe(true);
  });
});

describe('gradient check can fail', () => {
  /** A net whose backward "forgets" the 1/m in every gradient. */
  class NoOneOverM extends TwoLayerNet {
    override backward(y: Parameters<TwoLayerNet['backward']>[0]): number {
      const l2 = super.backward(y);
      for (const p of this.params()) scale(y.rows, p.grad, p.grad);
      return l2;
    }
  }
  /** A net whose backward drops the L2 term's gradient λ/m·W. */
  class NoWeightDecay extends TwoLayerNet {
    override backward(y: Parameters<TwoLayerNet['backward']>[0]): number {
      const l2 = super.backward(y);
      axpy(-this.config.l2 / y.rows, this.W1, this.dW1);
      axpy(-this.config.l2 / y.rows, this.W2, this.dW2);
      return l2;
    }
  }
  const rebuild = <T extends TwoLayerNet>(Net: new (...a: ConstructorParameters<typeof TwoLayerNet>) => T, net: TwoLayerNet): T => {
    const wrong = new Net(net.config, null);
    for (const [i, p] of wrong.params().entries()) p.value.data.set(net.params()[i]!.value.data);
    return wrong;
  };

  for (const loss of LOSSES) {
    it(`${loss}: a missing 1/m is caught in every parameter`, () => {
      const { net, x, y } = tinyProblem(loss);
      const r = gradCheck(rebuild(NoOneOverM, net), x, y);
      expect(r.ok).toBe(false);
      for (const name of PARAM_NAMES) expect(r.maxRelError[name], name).toBeGreaterThan(0.5);
    });
    it(`${loss}: a dropped λ/m·W term is caught in W1 and W2, even at the paper's λ = 1e-4`, () => {
      const { net, x, y } = tinyProblem(loss, 1e-4);
      const r = gradCheck(rebuild(NoWeightDecay, net), x, y);
      console.log(`gradcheck without λ term (${loss}): ${JSON.stringify(r.maxRelError)}`);
      expect(r.ok).toBe(false);
      expect(r.maxRelError.W1).toBeGreaterThan(10 * GRADCHECK_TOLERANCE);
      expect(r.maxRelError.W2).toBeGreaterThan(10 * GRADCHECK_TOLERANCE);
    });
  }

  it('refuses a batch that sits on the ReLU kink', () => {
    const { net, x, y } = tinyProblem('cross-entropy');
    net.b1.data[0] = 0; // z1[0, 0] = x[0]·W1[:, 0] + b1[0]; make it exactly 0
    net.W1.data.fill(0);
    expect(() => gradCheck(net, x, y)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: gradCheck: a hidden pre-activation is 0 from the ReLU kink, within reach of the step 0.000001; choose other inputs or weights]`,
    );
  });
});
