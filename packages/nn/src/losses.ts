import { Matrix, axpy, dot, matmul } from '@mnist-ts/tensor';

/**
 * Losses on softmax outputs a = softmax(z) against one-hot targets y, each with its gradient with
 * respect to the logits z (the softmax folded in), per row and not yet divided by the batch size:
 * the layer divides by m when it averages (Dense.backward).
 */
export type LossKind = 'cross-entropy' | 'mse';
export const LOSS_KINDS: readonly LossKind[] = ['cross-entropy', 'mse'];

/**
 * Cross-entropy reads log(max(a, PROBABILITY_FLOOR)): a float32 softmax underflows to exactly 0
 * once a logit trails the largest by ~104, and log(0) = −∞ would make one confident mistake poison
 * the epoch's mean. The clamp caps a row's loss at −log(1e-12) ≈ 27.6 and changes nothing where
 * a ≥ 1e-12, which covers every case the gradient checks and golden values look at.
 */
export const PROBABILITY_FLOOR = 1e-12;

export interface SoftmaxLoss {
  readonly kind: LossKind;
  /** The data loss: the mean over the batch's rows of the per-row loss. */
  value(a: Matrix, y: Matrix): number;
  /** dz = ∂ℓ_row/∂z for every row, into `out` (which is returned). */
  grad(a: Matrix, y: Matrix, out: Matrix): Matrix;
}

/** ℓ = −Σ_j y_j·log a_j; through the softmax its gradient is simply dz = a − y. */
export const crossEntropy: SoftmaxLoss = {
  kind: 'cross-entropy',
  value(a, y) {
    let sum = 0;
    for (let i = 0; i < a.size; i++) {
      const t = y.data[i]!;
      if (t !== 0) sum -= t * Math.log(Math.max(a.data[i]!, PROBABILITY_FLOOR));
    }
    return sum / a.rows;
  },
  grad(a, y, out) {
    out.data.set(a.data); // dz = a − y
    return axpy(-1, y, out);
  },
};

/**
 * ℓ = ½·‖a − y‖², so the data loss is L = 1/(2m)·Σ_rows ‖a − y‖² (half the squared error summed
 * over the outputs, averaged over the batch). With g = a − y and the softmax Jacobian
 * ∂a_j/∂z_i = a_j(δ_ij − a_i):  dz_i = a_i·(g_i − Σ_j g_j·a_j).
 */
export const meanSquaredError: SoftmaxLoss = {
  kind: 'mse',
  value(a, y) {
    let sum = 0;
    for (let i = 0; i < a.size; i++) sum += (a.data[i]! - y.data[i]!) ** 2;
    return sum / (2 * a.rows);
  },
  grad(a, y, out) {
    const n = a.cols;
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let ga = 0; // Σ_j g_j·a_j
      for (let j = 0; j < n; j++) ga += (a.data[o + j]! - y.data[o + j]!) * a.data[o + j]!;
      for (let j = 0; j < n; j++) out.data[o + j] = a.data[o + j]! * (a.data[o + j]! - y.data[o + j]! - ga);
    }
    return out;
  },
};

export function softmaxLoss(kind: LossKind): SoftmaxLoss {
  if (kind === 'cross-entropy') return crossEntropy;
  if (kind === 'mse') return meanSquaredError;
  throw new RangeError(`loss: expected one of ${LOSS_KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind)}`);
}

/** ‖w‖² = Σ w², by the backend's dot kernel (once per batch over W1's 401k values: it must be fast). */
export function sumOfSquares(w: Matrix): number {
  return dot(w, w);
}

/**
 * The paper's L2 term, λ/(2m)·Σ‖W‖² over the weight matrices only (biases are not decayed), with
 * m the batch size, from Σ‖W‖² however it was summed (the fused SGD kernel returns it). Its
 * gradient, λ/m·W, is what Dense.backward adds to dW.
 */
export function l2Term(lambda: number, m: number, sumOfSquaredWeights: number): number {
  return lambda === 0 ? 0 : (lambda / (2 * m)) * sumOfSquaredWeights;
}

/** The L2 term of the given weight matrices, their ‖W‖² summed by the backend's dot kernel. */
export function l2Penalty(weights: readonly Matrix[], lambda: number, m: number): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const w of weights) sum += sumOfSquares(w);
  return l2Term(lambda, m, sum);
}
