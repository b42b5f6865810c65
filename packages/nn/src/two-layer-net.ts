import { Matrix, type Rng, argmaxRows, softmaxRows } from '@mnist-ts/tensor';
import { Relu } from './activations.js';
import { Dense, type LayerInput, type Param } from './dense.js';
import { evaluateChunks, byteChunks, matrixChunks, type Evaluation, type EvaluateOptions } from './evaluate.js';
import { type LossKind, type SoftmaxLoss, l2Penalty, l2Term, softmaxLoss } from './losses.js';
import { IndexBuffer, RowBuffer } from './workspace.js';

export type ParamName = 'W1' | 'b1' | 'W2' | 'b2';
export const PARAM_NAMES: readonly ParamName[] = ['W1', 'b1', 'W2', 'b2'];

export interface TwoLayerNetOptions {
  /** Input features (784 for MNIST). */
  inputs?: number;
  /** Hidden ReLU units H. */
  hidden: number;
  /** Softmax outputs (10 classes). */
  outputs?: number;
  /** The data loss: 'cross-entropy' (default; the gradient the paper uses) or 'mse'. */
  loss?: LossKind;
  /** λ of the L2 term λ/(2m)·(‖W1‖² + ‖W2‖²). */
  l2?: number;
}

export type NetConfig = Required<TwoLayerNetOptions>;

/** Weights to load: Matrices, or flat row-major Float32Arrays (b1 and b2 as plain vectors). */
export type Weights = Record<ParamName, Matrix | Float32Array>;

export interface LossReport {
  /** Mean data loss over the batch (cross-entropy or MSE). */
  data: number;
  /** λ/(2m)·(‖W1‖² + ‖W2‖²). */
  l2: number;
  total: number;
}

export interface BatchResult {
  dataLoss: number;
  l2Loss: number;
  /** How many rows the network classified right (argmax of a2 = argmax of y), before the step. */
  correct: number;
}

const sizeOf = (w: Matrix | Float32Array): number => (w instanceof Matrix ? w.size : w.length);

function resolve(opts: TwoLayerNetOptions): NetConfig {
  const c: NetConfig = { inputs: 784, outputs: 10, loss: 'cross-entropy', l2: 1e-4, ...opts };
  for (const k of ['inputs', 'hidden', 'outputs'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`TwoLayerNet: ${k} must be a positive integer, got ${c[k]}`);
  }
  if (!Number.isFinite(c.l2) || c.l2 < 0) throw new RangeError(`TwoLayerNet: l2 must be a finite number >= 0, got ${c.l2}`);
  softmaxLoss(c.loss); // throws on an unknown loss
  return c;
}

/**
 * The paper's network: inputs -> Dense -> ReLU -> Dense -> softmax, in row orientation
 * (z1 = x·W1 + b1 for a batch x of m rows). Forward and backward read side by side; every buffer
 * is reused from batch to batch.
 */
export class TwoLayerNet {
  readonly config: Readonly<NetConfig>;
  readonly layer1: Dense;
  readonly relu: Relu;
  readonly layer2: Dense;
  private readonly objective: SoftmaxLoss;
  private readonly probs: RowBuffer;
  private readonly dz2: RowBuffer;
  private readonly guesses = new IndexBuffer();
  private readonly truths = new IndexBuffer();
  private z1: Matrix | null = null;
  private a1: Matrix | null = null;
  private z2: Matrix | null = null;
  private a2: Matrix | null = null;

  /**
   * He-normal weights from `rng` in this order: W1 (row-major), b1, W2, b2, each entry
   * N(0, 2/fan_in) with fan_in = inputs for W1, b1 and hidden for W2, b2. `null` leaves zeros.
   */
  constructor(options: TwoLayerNetOptions, rng: Rng | null) {
    const c = (this.config = Object.freeze(resolve(options)));
    this.layer1 = new Dense(c.inputs, c.hidden, rng);
    this.relu = new Relu(c.hidden);
    this.layer2 = new Dense(c.hidden, c.outputs, rng);
    this.objective = softmaxLoss(c.loss);
    this.probs = new RowBuffer(c.outputs);
    this.dz2 = new RowBuffer(c.outputs);
  }

  /** a2 = softmax(ReLU(x·W1 + b1)·W2 + b2): m×outputs probabilities (a reused buffer). */
  forward(x: LayerInput): Matrix {
    if (x.cols !== this.config.inputs) {
      throw new RangeError(`TwoLayerNet.forward: x has ${x.cols} columns, the network takes ${this.config.inputs} inputs`);
    }
    const z1 = (this.z1 = this.layer1.forward(x)); //  z1 = x·W1 + b1
    const a1 = (this.a1 = this.relu.forward(z1)); //   a1 = max(z1, 0)
    const z2 = (this.z2 = this.layer2.forward(a1)); // z2 = a1·W2 + b2
    this.a2 = softmaxRows(z2, this.probs.rows(x.rows)); // a2 = softmax(z2), row by row
    return this.a2;
  }

  /**
   * Gradients of the last forward pass's total loss against one-hot targets y, layer by layer
   * (the gradient with respect to the input is never formed); Dense.backward applies the 1/m and
   * λ/m·W parts. With `step`, each layer also takes its SGD step p ← p − step·dp as soon as its
   * gradients are formed (layer 1's fused into one kernel on byte input, dW1 then not stored).
   * Returns the L2 term λ/(2m)·(‖W1‖² + ‖W2‖²) of the weights the forward pass used.
   */
  backward(y: Matrix, opts: { step?: number } = {}): number {
    const a2 = this.checkTargets('backward', y);
    const o = { lambda: this.config.l2, step: opts.step };
    const dz2 = this.objective.grad(a2, y, this.dz2.rows(a2.rows)); //       dz2 = a2 − y (cross-entropy; see losses.ts for mse)
    const out2 = this.layer2.backward(dz2, { ...o, inputGrad: true }); // dW2 = a1ᵀ·dz2/m + λ/m·W2,  db2 = Σdz2/m,  da1 = dz2·W2ᵀ
    const dz1 = this.relu.backward(out2.dx!); //                           dz1 = da1 ⊙ ReLU'(z1)
    const out1 = this.layer1.backward(dz1, o); //                          dW1 = xᵀ·dz1/m + λ/m·W1,  db1 = Σdz1/m
    return l2Term(this.config.l2, a2.rows, out1.sumSq + out2.sumSq);
  }

  /**
   * One SGD step on a batch: forward, the data loss and the rows classified right (before the
   * step), then backward applying the step with learning rate lr.
   */
  trainBatch(x: LayerInput, y: Matrix, lr: number): BatchResult {
    const a2 = this.forward(x);
    this.checkTargets('trainBatch', y);
    const dataLoss = this.objective.value(a2, y);
    const correct = this.countCorrect(a2, y);
    return { dataLoss, l2Loss: this.backward(y, { step: lr }), correct };
  }

  /**
   * A network holding copies of the given weights. Unless `options` say, hidden and outputs are
   * the lengths of b1 and b2, and inputs is W1's row count (784 for a flat W1).
   */
  static fromWeights(weights: Weights, options: Partial<TwoLayerNetOptions> = {}): TwoLayerNet {
    const inputs = options.inputs ?? (weights.W1 instanceof Matrix ? weights.W1.rows : 784);
    const hidden = options.hidden ?? sizeOf(weights.b1);
    const outputs = options.outputs ?? sizeOf(weights.b2);
    const net = new TwoLayerNet({ ...options, inputs, hidden, outputs }, null);
    for (const { name, value } of net.params()) {
      const w = weights[name];
      // b may come as a [1,n] row or an [n,1] column; W must have W's shape
      const fits = w instanceof Matrix ? (w.rows === value.rows && w.cols === value.cols) || (name[0] === 'b' && w.size === value.size) : w.length === value.size;
      if (!fits) {
        const got = w instanceof Matrix ? `[${w.rows},${w.cols}]` : `${w.length} values`;
        throw new RangeError(`TwoLayerNet.fromWeights: ${name} should be [${value.rows},${value.cols}], got ${got}`);
      }
      value.data.set(w instanceof Matrix ? w.data : w);
    }
    return net;
  }

  get W1(): Matrix { return this.layer1.W; }
  get b1(): Matrix { return this.layer1.b; }
  get W2(): Matrix { return this.layer2.W; }
  get b2(): Matrix { return this.layer2.b; }
  get dW1(): Matrix { return this.layer1.dW; }
  get db1(): Matrix { return this.layer1.db; }
  get dW2(): Matrix { return this.layer2.dW; }
  get db2(): Matrix { return this.layer2.db; }

  /** W1, b1, W2, b2 with their gradients (b as 1×n rows). */
  params(): Param<ParamName>[] {
    const [W1, b1] = this.layer1.params();
    const [W2, b2] = this.layer2.params();
    return [
      { ...W1, name: 'W1' },
      { ...b1, name: 'b1' },
      { ...W2, name: 'W2' },
      { ...b2, name: 'b2' },
    ];
  }

  /** The last forward pass's values (views of reused buffers: the next pass overwrites them). */
  activations(): { z1: Matrix; a1: Matrix; z2: Matrix; a2: Matrix } | null {
    const { z1, a1, z2, a2 } = this;
    return z1 && a1 && z2 && a2 ? { z1, a1, z2, a2 } : null;
  }

  /** The loss of the last forward pass against one-hot targets y, data and L2 parts apart. */
  loss(y: Matrix): LossReport {
    const a2 = this.checkTargets('loss', y);
    const data = this.objective.value(a2, y);
    const l2 = l2Penalty([this.W1, this.W2], this.config.l2, a2.rows);
    return { data, l2, total: data + l2 };
  }


  /** The most probable class of every row (a fresh array). */
  predict(x: LayerInput): Int32Array {
    return argmaxRows(this.forward(x), new Int32Array(x.rows));
  }

  /** Loss, accuracy, per-class accuracy and confusion over x, `chunk` rows at a time. */
  evaluate(x: LayerInput, labels: ArrayLike<number>, chunk = 1000, options: EvaluateOptions = {}): Evaluation {
    return evaluateChunks(this, matrixChunks(x, labels, chunk), options);
  }

  /**
   * The same for `count` rows of raw pixels (row-major, `inputs` bytes each), read through
   * x = offset + scale·p as a ByteMatrix without ever building the Float32 inputs.
   */
  evaluateBytes(pixels: Uint8Array, labels: ArrayLike<number>, count: number, norm: { scale: number; offset: number }, chunk = 1000, options: EvaluateOptions = {}): Evaluation {
    return evaluateChunks(this, byteChunks(pixels, labels, count, this.config.inputs, norm, chunk), options);
  }

  /** The name of the first parameter holding NaN or ±Infinity, or null when all are finite. */
  firstNonFinite(): ParamName | null {
    for (const p of this.params()) {
      for (const v of p.value.data) if (!Number.isFinite(v)) return p.name;
    }
    return null;
  }

  private countCorrect(a2: Matrix, y: Matrix): number {
    const guess = argmaxRows(a2, this.guesses.atLeast(a2.rows));
    const truth = argmaxRows(y, this.truths.atLeast(a2.rows));
    let correct = 0;
    for (let i = 0; i < a2.rows; i++) if (guess[i] === truth[i]) correct++;
    return correct;
  }

  private checkTargets(op: string, y: Matrix): Matrix {
    const a2 = this.a2;
    if (!a2) throw new Error(`TwoLayerNet.${op}: call forward first`);
    if (y.rows !== a2.rows || y.cols !== a2.cols) {
      throw new RangeError(`TwoLayerNet.${op}: y is [${y.rows},${y.cols}], the last forward pass gave [${a2.rows},${a2.cols}]`);
    }
    return a2;
  }
}
