import { ByteMatrix, Matrix, argmaxRows } from '@mnist-ts/tensor';
import { softmaxLoss } from './losses.js';
import type { TwoLayerNet } from './two-layer-net.js';

/** Rows to evaluate and their class labels (0..outputs-1). */
export interface EvalChunk {
  x: Matrix | ByteMatrix;
  labels: ArrayLike<number>;
}

export interface EvaluateOptions {
  /** Also return every row's probabilities (n×outputs, row-major). */
  probabilities?: boolean;
}

export interface Evaluation {
  /** Rows evaluated. */
  n: number;
  /** Mean data loss (cross-entropy or MSE, as the net is set up). No L2 term: it is a training
   *  regulariser that depends on the batch size, not a property of the data. */
  loss: number;
  /** Fraction of rows whose most probable class is the label, 0..1. */
  accuracy: number;
  /** The most probable class of every row. */
  predictions: Int32Array;
  /** Accuracy over the rows of each true class (NaN for a class with no rows). */
  perClass: number[];
  /** Rows of each true class. */
  classCounts: number[];
  /** confusion[true][predicted] = how many rows. */
  confusion: number[][];
  probabilities?: Float32Array;
}

/**
 * Evaluates the net over chunks of rows, one forward pass per chunk. It reuses the net's buffers,
 * so it overwrites the activations a following `backward` would read.
 */
export function evaluateChunks(net: TwoLayerNet, chunks: Iterable<EvalChunk>, options: EvaluateOptions = {}): Evaluation {
  const k = net.config.outputs;
  const objective = softmaxLoss(net.config.loss);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const predictions: Int32Array[] = [];
  const probabilities: Float32Array[] = [];
  let targets = new Float32Array(0); // one-hot rows, plain memory: only the JS loss loop reads them
  let n = 0;
  let lossSum = 0;
  for (const { x, labels } of chunks) {
    const m = x.rows;
    if (labels.length < m) throw new RangeError(`evaluate: ${m} rows but ${labels.length} labels`);
    const a2 = net.forward(x);
    if (targets.length < m * k) targets = new Float32Array(m * k);
    const y = new Matrix(m, k, targets.subarray(0, m * k));
    oneHotInto(labels, n, y);
    lossSum += objective.value(a2, y) * m;
    const guess = argmaxRows(a2, new Int32Array(m));
    for (let i = 0; i < m; i++) confusion[labels[i]!]![guess[i]!]!++;
    predictions.push(guess);
    if (options.probabilities) probabilities.push(a2.data.slice());
    n += m;
  }
  if (n === 0) throw new RangeError('evaluate: no rows to evaluate');
  const classCounts = confusion.map((row) => row.reduce((s, v) => s + v, 0));
  const correct = confusion.reduce((s, row, c) => s + row[c]!, 0);
  const result: Evaluation = {
    n,
    loss: lossSum / n,
    accuracy: correct / n,
    predictions: concat(predictions, new Int32Array(n)),
    perClass: confusion.map((row, c) => row[c]! / classCounts[c]!),
    classCounts,
    confusion,
  };
  if (options.probabilities) result.probabilities = concat(probabilities, new Float32Array(n * k));
  return result;
}

/** Writes one-hot rows for labels into y, checking each label (`first` numbers the rows in errors). */
function oneHotInto(labels: ArrayLike<number>, first: number, y: Matrix): void {
  y.data.fill(0);
  for (let i = 0; i < y.rows; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= y.cols) {
      throw new RangeError(`evaluate: label ${label} of row ${first + i} is not a class 0..${y.cols - 1}`);
    }
    y.data[i * y.cols + label] = 1;
  }
}

function concat<T extends Int32Array | Float32Array>(parts: T[], out: T): T {
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checkChunk(chunk: number): void {
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`evaluate: chunk must be a positive integer, got ${chunk}`);
}

/** Row ranges of x (views, no copies) with their labels. */
export function* matrixChunks(x: Matrix | ByteMatrix, labels: ArrayLike<number>, chunk: number): Generator<EvalChunk> {
  checkChunk(chunk);
  if (labels.length < x.rows) throw new RangeError(`evaluate: ${x.rows} rows but ${labels.length} labels`);
  for (let start = 0; start < x.rows; start += chunk) {
    const m = Math.min(chunk, x.rows - start);
    const data = x.data.subarray(start * x.cols, (start + m) * x.cols);
    const part = x instanceof ByteMatrix ? new ByteMatrix(m, x.cols, data as Uint8Array, x.scale, x.offset) : new Matrix(m, x.cols, data as Float32Array);
    yield { x: part, labels: slice(labels, start, start + m) };
  }
}

/** `count` rows of `inputs` raw bytes each, as ByteMatrix views with x = offset + scale·p. */
export function* byteChunks(
  pixels: Uint8Array,
  labels: ArrayLike<number>,
  count: number,
  inputs: number,
  norm: { scale: number; offset: number },
  chunk: number,
): Generator<EvalChunk> {
  checkChunk(chunk);
  if (pixels.length < count * inputs) throw new RangeError(`evaluate: ${count} rows of ${inputs} pixels need ${count * inputs} bytes, got ${pixels.length}`);
  if (labels.length < count) throw new RangeError(`evaluate: ${count} rows but ${labels.length} labels`);
  const x = new ByteMatrix(count, inputs, pixels, norm.scale, norm.offset);
  yield* matrixChunks(x, labels, chunk);
}

function slice(labels: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (ArrayBuffer.isView(labels)) return (labels as unknown as Uint8Array).subarray(start, end);
  return Array.prototype.slice.call(labels, start, end) as number[];
}
