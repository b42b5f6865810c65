import { ByteMatrix, Matrix, type Rng, affineBytesMatmul, affineBytesSgdStep, affineBytesTransMatmul, addRowVector, axpby, axpy, colSums, dot, matmul, scale } from '@mnist-ts/tensor';
import { RowBuffer } from './workspace.js';

/** A layer's input: float rows, or bytes with the affine map x = offset + scale·p. */
export type LayerInput = Matrix | ByteMatrix;

export interface Param<Name extends string = string> {
  name: Name;
  value: Matrix;
  grad: Matrix;
}

/**
 * He-normal initialisation: every entry drawn from N(0, 2/fanIn), i.e. rng.normal()·sqrt(2/fanIn),
 * in row-major order. The paper uses it for the biases too.
 */
export function heNormal(m: Matrix, fanIn: number, rng: Rng): void {
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * std;
}

/**
 * A fully connected layer in the paper's row orientation: z = x·W + b, with x [m×in], W [in×out]
 * and b [1×out]. It owns W, b and their gradients, and remembers its last input for `backward`.
 */
export class Dense {
  readonly W: Matrix;
  readonly b: Matrix;
  readonly dW: Matrix;
  readonly db: Matrix;
  private x: LayerInput | null = null;
  private readonly z: RowBuffer;
  private readonly dx: RowBuffer;

  /** Zero weights, or He-normal ones drawn from `rng` (W row-major first, then b). */
  constructor(readonly inputs: number, readonly outputs: number, rng: Rng | null = null) {
    this.W = Matrix.zeros(inputs, outputs);
    this.b = Matrix.zeros(1, outputs);
    this.dW = Matrix.zeros(inputs, outputs);
    this.db = Matrix.zeros(1, outputs);
    this.z = new RowBuffer(outputs);
    this.dx = new RowBuffer(inputs);
    if (rng) {
      heNormal(this.W, inputs, rng);
      heNormal(this.b, inputs, rng);
    }
  }

  /** z = x·W + b (bytes: (offset + scale·p)·W + b). The result is a reused buffer. */
  forward(x: LayerInput): Matrix {
    const z = this.z.rows(x.rows);
    if (x instanceof ByteMatrix) affineBytesMatmul(x, this.W, z);
    else matmul(x, this.W, { out: z });
    addRowVector(z, this.b, z);
    this.x = x;
    return z;
  }

  /**
   * Given dz = ∂L/∂z for each row (not yet divided by the batch size m), fills
   *   dW = xᵀ·dz/m + λ/m·W   (the data term averaged over the batch, plus the L2 term's gradient)
   *   db = Σ_rows dz / m     (no weight decay on biases)
   * and returns dx = dz·Wᵀ (a reused buffer) when `inputGrad` is set, else null.
   */
  backward(dz: Matrix, lambda: number, inputGrad: boolean): Matrix | null {
    const x = this.x;
    if (!x) throw new Error('Dense.backward: call forward first');
    if (dz.rows !== x.rows || dz.cols !== this.outputs) {
      throw new RangeError(`Dense.backward: dz is [${dz.rows},${dz.cols}], the last forward needs [${x.rows},${this.outputs}]`);
    }
    const m = x.rows;
    if (x instanceof ByteMatrix) affineBytesTransMatmul(x, dz, { out: this.dW });
    else matmul(x, dz, { transA: true, out: this.dW });
    axpby(lambda / m, this.W, 1 / m, this.dW);
    scale(1 / m, colSums(dz, this.db), this.db);
    if (!inputGrad) return null;
    return matmul(dz, this.W, { transB: true, out: this.dx.rows(m) });
  }

  /** Plain SGD on this layer: W ← W − lr·dW, b ← b − lr·db. */
  sgdStep(lr: number): void {
    axpy(-lr, this.dW, this.W);
    axpy(-lr, this.db, this.b);
  }

  /**
   * backward(dz, λ, false) and sgdStep(lr) in one, returning ‖W‖² from before the step (the L2
   * term's). On byte input the weight update is one fused kernel (affineBytesSgdStep) that never
   * stores dW — dW keeps whatever it held — and W ends with the same bits the two calls give.
   */
  backwardStep(dz: Matrix, lambda: number, lr: number): number {
    const x = this.x;
    if (!(x instanceof ByteMatrix)) {
      const sumSq = dot(this.W, this.W);
      this.backward(dz, lambda, false);
      this.sgdStep(lr);
      return sumSq;
    }
    if (dz.rows !== x.rows || dz.cols !== this.outputs) {
      throw new RangeError(`Dense.backwardStep: dz is [${dz.rows},${dz.cols}], the last forward needs [${x.rows},${this.outputs}]`);
    }
    const m = x.rows;
    const sumSq = affineBytesSgdStep(x, dz, this.W, { lr, gradScale: 1 / m, decay: lambda / m });
    scale(1 / m, colSums(dz, this.db), this.db);
    axpy(-lr, this.db, this.b);
    return sumSq;
  }

  /** [W, b] with their gradients, in the order they were initialised. */
  params(): [Param<'W'>, Param<'b'>] {
    return [
      { name: 'W', value: this.W, grad: this.dW },
      { name: 'b', value: this.b, grad: this.db },
    ];
  }
}
