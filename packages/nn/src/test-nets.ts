// Shared by the tests (excluded from the build): tiny nets and batches.
import { Matrix, Rng } from '@mnist-ts/tensor';
import type { LossKind } from './losses.js';
import { TwoLayerNet } from './two-layer-net.js';

/** One-hot rows for labels. */
export function oneHotRows(labels: readonly number[], classes: number): Matrix {
  return Matrix.from(labels.map((l) => Array.from({ length: classes }, (_, j) => (j === l ? 1 : 0))));
}

/** A random m×n matrix with entries uniform in [-1, 1). */
export function uniform(rng: Rng, m: number, n: number): Matrix {
  return Matrix.from(Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * rng.next() - 1)));
}

/**
 * The gradient-check problem: 5 inputs, 4 hidden, 3 outputs, a batch of 3. With seed 7 every
 * hidden pre-activation stays well away from the ReLU kink (gradCheck verifies it).
 */
export function tinyProblem(loss: LossKind, l2 = 1e-4, seed = 7): { net: TwoLayerNet; x: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const net = new TwoLayerNet({ inputs: 5, hidden: 4, outputs: 3, loss, l2 }, rng);
  return { net, x: uniform(rng, 3, 5), y: oneHotRows([0, 2, 1], 3) };
}

/** Largest |a − b| / max(|b|, floor) over two equally long arrays. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}
