import { type Matrix, relu, reluGrad } from '@mnist-ts/tensor';
import { RowBuffer } from './workspace.js';

/**
 * The hidden layer's nonlinearity, a = max(z, 0). It remembers z for the backward pass, whose
 * derivative is ReLU'(z) = [z > 0] (taken as 0 at the kink z = 0).
 */
export class Relu {
  private z: Matrix | null = null;
  private readonly a: RowBuffer;

  constructor(readonly width: number) {
    this.a = new RowBuffer(width);
  }

  /** a = max(z, 0), into a reused buffer. `z` must stay untouched until `backward`. */
  forward(z: Matrix): Matrix {
    this.z = z;
    return relu(z, this.a.rows(z.rows));
  }

  /** dz = da ⊙ ReLU'(z), written over `da` (which is returned). */
  backward(da: Matrix): Matrix {
    if (!this.z) throw new Error('Relu.backward: call forward first');
    return reluGrad(da, this.z, da);
  }
}
