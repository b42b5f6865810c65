import { ByteMatrix, Matrix, shapeOf } from './matrix.js';
import { kernel } from './registry.js';

/**
 * Public ops: check shapes, allocate the output unless one is given (pass `out` to reuse buffers
 * in a hot loop), and dispatch to the active backend's kernel.
 */

function fail(op: string, msg: string): never {
  throw new RangeError(`${op}: ${msg}`);
}

function checkOut(op: string, out: Matrix | undefined, rows: number, cols: number): Matrix {
  if (!out) return Matrix.zeros(rows, cols);
  if (out.rows !== rows || out.cols !== cols) fail(op, `output has shape ${shapeOf(out)}, expected [${rows},${cols}]`);
  return out;
}

function sameShape(op: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) fail(op, `shapes differ: ${shapeOf(a)} and ${shapeOf(b)}`);
}

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Write here instead of allocating. */
  out?: Matrix;
  /** out += op(A)·op(B) instead of out = op(A)·op(B). */
  accumulate?: boolean;
}

/** op(A)·op(B), where op transposes when asked: A·B, Aᵀ·B, A·Bᵀ (and Aᵀ·Bᵀ). */
export function matmul(a: Matrix, b: Matrix, opts: MatmulOptions = {}): Matrix {
  const { transA = false, transB = false } = opts;
  const [m, ka] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kb, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (ka !== kb) {
    fail('matmul', `inner dimensions differ: ${shapeOf(a)}${transA ? 'ᵀ' : ''} · ${shapeOf(b)}${transB ? 'ᵀ' : ''}`);
  }
  const out = checkOut('matmul', opts.out, m, n);
  if (out.data === a.data || out.data === b.data) fail('matmul', 'output must not alias an input');
  kernel('matmul')(a.data, b.data, out.data, m, n, ka, transA, transB, opts.accumulate ? 1 : 0);
  return out;
}

/** (offset + scale·P)·W for a byte matrix P [m×k] and W [k×n]. */
export function affineBytesMatmul(p: ByteMatrix, w: Matrix, out?: Matrix): Matrix {
  if (p.cols !== w.rows) fail('affineBytesMatmul', `inner dimensions differ: ${shapeOf(p)} · ${shapeOf(w)}`);
  const o = checkOut('affineBytesMatmul', out, p.rows, w.cols);
  kernel('affineBytesMatmul')(p.data, w.data, o.data, p.rows, w.cols, p.cols, p.scale, p.offset);
  return o;
}

/** (offset + scale·P)ᵀ·D for a byte matrix P [m×k] and D [m×n]: a [k×n] result. */
export function affineBytesTransMatmul(p: ByteMatrix, d: Matrix, opts: { out?: Matrix; accumulate?: boolean } = {}): Matrix {
  if (p.rows !== d.rows) fail('affineBytesTransMatmul', `inner dimensions differ: ${shapeOf(p)}ᵀ · ${shapeOf(d)}`);
  const o = checkOut('affineBytesTransMatmul', opts.out, p.cols, d.cols);
  kernel('affineBytesTransMatmul')(p.data, d.data, o.data, p.rows, d.cols, p.cols, p.scale, p.offset, opts.accumulate ? 1 : 0);
  return o;
}

export interface SgdStepOptions {
  lr: number;
  /** Multiplies the data term (the paper: 1/m, the batch mean). */
  gradScale: number;
  /** Weight decay, the L2 term's gradient coefficient (the paper: λ/m). */
  decay: number;
}

/**
 * The SGD step of a layer fed by bytes P [m×k], with dZ [m×n] the gradient at its output:
 *   W ← W − lr·(decay·W + gradScale·(offset + scale·P)ᵀ·dZ)
 * in place, without forming the [k×n] gradient where the backend fuses it. Returns Σ W² before
 * the step. W gets the same bits as affineBytesTransMatmul, axpby and axpy would give it.
 */
export function affineBytesSgd(p: ByteMatrix, dz: Matrix, w: Matrix, opts: SgdStepOptions): number {
  if (p.rows !== dz.rows) fail('affineBytesSgd', `inner dimensions differ: ${shapeOf(p)}ᵀ · ${shapeOf(dz)}`);
  if (w.rows !== p.cols || w.cols !== dz.cols) fail('affineBytesSgd', `weights have shape ${shapeOf(w)}, expected [${p.cols},${dz.cols}]`);
  return kernel('affineBytesSgd')(p.data, dz.data, w.data, p.rows, dz.cols, p.cols, p.scale, p.offset, opts.gradScale, opts.decay, opts.lr);
}

/** a + v broadcast over rows; v is 1×cols. */
export function addRowVector(a: Matrix, v: Matrix, out?: Matrix): Matrix {
  if (v.rows !== 1 || v.cols !== a.cols) fail('addRowVector', `vector has shape ${shapeOf(v)}, expected [1,${a.cols}] to match ${shapeOf(a)}`);
  const o = checkOut('addRowVector', out, a.rows, a.cols);
  kernel('addRowVector')(a.data, v.data, o.data, a.rows, a.cols);
  return o;
}

/** Column sums: a 1×cols row. */
export function colSums(a: Matrix, out?: Matrix): Matrix {
  const o = checkOut('colSums', out, 1, a.cols);
  kernel('colSums')(a.data, o.data, a.rows, a.cols);
  return o;
}

/** max(a, 0), element-wise. */
export function relu(a: Matrix, out?: Matrix): Matrix {
  const o = checkOut('relu', out, a.rows, a.cols);
  kernel('relu')(a.data, o.data, a.size);
  return o;
}

/** g ⊙ ReLU'(z): the upstream gradient where z > 0, else 0. */
export function reluGrad(g: Matrix, z: Matrix, out?: Matrix): Matrix {
  sameShape('reluGrad', g, z);
  const o = checkOut('reluGrad', out, g.rows, g.cols);
  kernel('reluGrad')(g.data, z.data, o.data, g.size);
  return o;
}

/** Row-wise softmax, max-subtracted so large logits do not overflow. */
export function softmaxRows(a: Matrix, out?: Matrix): Matrix {
  if (a.cols === 0) fail('softmaxRows', `needs at least one column, got ${shapeOf(a)}`);
  const o = checkOut('softmaxRows', out, a.rows, a.cols);
  kernel('softmaxRows')(a.data, o.data, a.rows, a.cols);
  return o;
}

/** y ← alpha·x + beta·y, in place on y; returns y. */
export function axpby(alpha: number, x: Matrix, beta: number, y: Matrix): Matrix {
  sameShape('axpby', x, y);
  kernel('axpby')(alpha, x.data, beta, y.data, x.size);
  return y;
}

/** y ← y + alpha·x, in place on y; returns y. */
export function axpy(alpha: number, x: Matrix, y: Matrix): Matrix {
  return axpby(alpha, x, 1, y);
}

/** alpha·x, into out (allocated unless given; may be x itself). */
export function scale(alpha: number, x: Matrix, out?: Matrix): Matrix {
  const o = checkOut('scale', out, x.rows, x.cols);
  kernel('axpby')(alpha, x.data, 0, o.data, x.size);
  return o;
}

/** Σ a_ij·b_ij over two matrices of the same shape (the Frobenius inner product). */
export function dot(a: Matrix, b: Matrix): number {
  sameShape('dot', a, b);
  return kernel('dot')(a.data, b.data, a.size);
}

/** The index of the largest value in each row (the first on ties). */
export function argmaxRows(a: Matrix, out?: Int32Array): Int32Array {
  if (a.cols === 0) fail('argmaxRows', `needs at least one column, got ${shapeOf(a)}`);
  const o = out ?? new Int32Array(a.rows);
  if (o.length < a.rows) fail('argmaxRows', `output has ${o.length} slots, needs ${a.rows}`);
  kernel('argmaxRows')(a.data, o, a.rows, a.cols);
  return o;
}
