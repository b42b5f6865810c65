import { ByteMatrix, Matrix, type Rng, affineBytesMatmul, affineBytesSgd, affineBytesTransMatmul, addRowVector, axpby, axpy, colSums, dot, matmul, scale } from '@mnist-ts/tensor';
import { RowBuffer } from './workspace.js';

/** A layer's input: float rows, or bytes with the affine map x = offset + scale·p. */
export type LayerInput = Matrix | ByteMatrix;

export interface BackwardOptions {
  /** λ of the L2 term λ/(2m)·‖W‖²: dW gets its gradient λ/m·W. */
  lambda: number;
  /** Also form dx = dz·Wᵀ, the gradient the layer below needs. */
  inputGrad?: boolean;
  /** Apply the SGD step with this learning rate once the gradients are formed. */
  step?: number;
}

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
   * and forms dx = dz·Wᵀ (a reused buffer) when `inputGrad` is set. With `step`, it then applies
   * SGD, W ← W − step·dW and b ← b − step·db; on byte input the backend's fused kernel
   * (affineBytesSgd) does dW and the step in one pass and dW is not stored (the same bits).
   * Returns dx (or null) and ‖W‖² of the weights the forward pass used (the L2 term's).
   */
  backward(dz: Matrix, opts: BackwardOptions): { dx: Matrix | null; sumSq: number } {
    const x = this.x;
    if (!x) throw new Error('Dense.backward: call forward first');
    if (dz.rows !== x.rows || dz.cols !== this.outputs) {
      throw new RangeError(`Dense.backward: dz is [${dz.rows},${dz.cols}], the last forward needs [${x.rows},${this.outputs}]`);
    }
    const { lambda, step } = opts;
    const m = x.rows;
    const dx = opts.inputGrad ? matmul(dz, this.W, { transB: true, out: this.dx.rows(m) }) : null; // before W moves
    let sumSq: number;
    if (step !== undefined && x instanceof ByteMatrix) {
      sumSq = affineBytesSgd(x, dz, this.W, { lr: step, gradScale: 1 / m, decay: lambda / m });
    } else {
      sumSq = dot(this.W, this.W);
      if (x instanceof ByteMatrix) affineBytesTransMatmul(x, dz, { out: this.dW });
      else matmul(x, dz, { transA: true, out: this.dW });
      axpby(lambda / m, this.W, 1 / m, this.dW);
      if (step !== undefined) axpy(-step, this.dW, this.W);
    }
    scale(1 / m, colSums(dz, this.db), this.db);
    if (step !== undefined) axpy(-step, this.db, this.b);
    return { dx, sumSq };
  }

  /** [W, b] with their gradients, in the order they were initialised. */
  params(): [Param<'W'>, Param<'b'>] {
    return [
      { name: 'W', value: this.W, grad: this.dW },
      { name: 'b', value: this.b, grad: this.db },
    ];
  }
}
