import { ByteMatrix, type Matrix } from '@mnist-ts/tensor';
import { PROBABILITY_FLOOR } from './losses.js';
import type { NetConfig, ParamName, TwoLayerNet } from './two-layer-net.js';

/**
 * Central step h of the finite differences (f(p + h) − f(p − h)) / 2h on a float64 loss: the
 * truncation error is O(h²·f''') ≈ 1e-12 and the rounding error O(1e-16 / h) ≈ 1e-10, both far
 * below float32's resolution of the analytic gradients.
 */
export const GRADCHECK_EPS = 1e-6;

/**
 * The analytic gradients come from the float32 network: each is a sum of a few float32 products,
 * so it carries a relative error of some ulps (float32's unit roundoff is 6e-8); the tests see
 * at most 1.4e-6 on tiny nets. 1e-4 leaves a fiftyfold margin for other backends' summation
 * orders, while the bugs the tests plant (a missing 1/m; the λ/m·W term dropped at the paper's
 * λ = 1e-4) are off by more than 2e-3.
 */
export const GRADCHECK_TOLERANCE = 1e-4;

/**
 * The relative error of an element is |analytic − numeric| / max(|analytic|, |numeric|, floor):
 * a gradient element that cancels to ~0 would otherwise turn float32 rounding of its O(1)
 * terms into a huge "relative" error. Gradients smaller than the floor are compared absolutely.
 */
export const GRADCHECK_FLOOR = 1e-3;

export interface GradCheckOptions {
  eps?: number;
  tolerance?: number;
}

export interface GradCheckResult {
  /** The largest relative error over each parameter's elements. */
  maxRelError: Record<ParamName, number>;
  worst: { name: ParamName; index: number; analytic: number; numeric: number; relError: number };
  ok: boolean;
  tolerance: number;
  /** min |z1| over the batch: how far the inputs stay from the ReLU kink. */
  kinkMargin: number;
}

type Params64 = Record<ParamName, Float64Array>;

/**
 * The net's total loss (data + L2) in float64, written out loop by loop, independent of the
 * tensor kernels: the oracle for gradient checks. x is m×inputs, y m×outputs, row-major.
 * Also returns min |z1|, the distance of the batch from the ReLU kink.
 */
export function referenceLoss(p: Params64, x: Float64Array, y: Float64Array, m: number, c: NetConfig): { loss: number; kinkMargin: number } {
  const { inputs: I, hidden: H, outputs: O } = c;
  const a1 = new Float64Array(H);
  const a2 = new Float64Array(O);
  let data = 0;
  let kinkMargin = Infinity;
  for (let r = 0; r < m; r++) {
    for (let h = 0; h < H; h++) {
      let z = p.b1[h]!;
      for (let i = 0; i < I; i++) z += x[r * I + i]! * p.W1[i * H + h]!;
      kinkMargin = Math.min(kinkMargin, Math.abs(z));
      a1[h] = Math.max(z, 0);
    }
    let max = -Infinity;
    for (let o = 0; o < O; o++) {
      let z = p.b2[o]!;
      for (let h = 0; h < H; h++) z += a1[h]! * p.W2[h * O + o]!;
      a2[o] = z;
      max = Math.max(max, z);
    }
    let sum = 0;
    for (let o = 0; o < O; o++) sum += a2[o] = Math.exp(a2[o]! - max);
    for (let o = 0; o < O; o++) {
      const a = a2[o]! / sum;
      const t = y[r * O + o]!;
      data += c.loss === 'mse' ? 0.5 * (a - t) ** 2 : t === 0 ? 0 : -t * Math.log(Math.max(a, PROBABILITY_FLOOR));
    }
  }
  let squares = 0;
  for (const w of [p.W1, p.W2]) for (const v of w) squares += v * v;
  return { loss: data / m + (c.l2 / (2 * m)) * squares, kinkMargin };
}

function toFloat64(x: Matrix | ByteMatrix): Float64Array {
  const n = x.rows * x.cols;
  if (!(x instanceof ByteMatrix)) return Float64Array.from(x.data.subarray(0, n));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x.offset + x.scale * x.data[i]!;
  return out;
}

/**
 * Compares the net's analytic gradients (forward + backward, float32) on the batch (x, y) with
 * central differences of referenceLoss (float64), element by element. Throws if the batch sits
 * closer to the ReLU kink than a finite-difference step can move it, where no check is meaningful.
 */
export function gradCheck(net: TwoLayerNet, x: Matrix | ByteMatrix, y: Matrix, options: GradCheckOptions = {}): GradCheckResult {
  const { eps = GRADCHECK_EPS, tolerance = GRADCHECK_TOLERANCE } = options;
  net.forward(x);
  net.backward(y);
  const x64 = toFloat64(x);
  const y64 = Float64Array.from(y.data);
  const params = net.params();
  const p64 = Object.fromEntries(params.map((p) => [p.name, Float64Array.from(p.value.data)])) as Params64;
  const f = (): ReturnType<typeof referenceLoss> => referenceLoss(p64, x64, y64, x.rows, net.config);
  const { kinkMargin } = f();
  let reach = eps; // how far one step can move a pre-activation: eps·|x| through W1, eps through b1
  for (const v of x64) reach = Math.max(reach, eps * Math.abs(v));
  if (kinkMargin < 100 * reach) {
    throw new RangeError(`gradCheck: a hidden pre-activation is ${kinkMargin} from the ReLU kink, within reach of the step ${eps}; choose other inputs or weights`);
  }
  const maxRelError = {} as Record<ParamName, number>;
  let worst: GradCheckResult['worst'] = { name: 'W1', index: 0, analytic: 0, numeric: 0, relError: -1 };
  for (const { name, grad } of params) {
    const w = p64[name];
    maxRelError[name] = 0;
    for (let i = 0; i < w.length; i++) {
      const saved = w[i]!;
      w[i] = saved + eps;
      const up = f().loss;
      w[i] = saved - eps;
      const down = f().loss;
      w[i] = saved;
      const numeric = (up - down) / (2 * eps);
      const analytic = grad.data[i]!;
      const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), GRADCHECK_FLOOR);
      maxRelError[name] = Math.max(maxRelError[name], relError);
      if (relError > worst.relError) worst = { name, index: i, analytic, numeric, relError };
    }
  }
  return { maxRelError, worst, ok: worst.relError <= tolerance, tolerance, kinkMargin };
}
