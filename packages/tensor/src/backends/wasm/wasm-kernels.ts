import type { Kernels } from '../../kernels.js';
import { referenceKernels } from '../reference.js';
import { Governor } from './governor.js';
import { Block, Scratch, Staging, type WasmHeap } from './heap.js';
import { OP_AFFINE_BWD, OP_AFFINE_FWD, OP_AFFINE_SGD, OP_AXPBY, OP_MATMUL, OP_MATMUL_NARROW, type HelperThread } from './helper-thread.js';

/** When a kernel is worth splitting across two threads (a hand-off to a spinning helper costs ~1 µs, to a sleeping one 10-50 µs). */
export interface ParallelOptions {
  /** Multiply-adds (dense-equivalent m·n·k) from which the affine-bytes products are split; 0 splits all. */
  minAffineWork: number;
  /** Elements from which axpby is split (the W1 update: 401k floats); 0 splits all. */
  minAxpby: number;
  /** Multiply-adds (m·n·k) from which a float matmul is split by rows (the second layer's three: 328k each); 0 splits all. */
  minMatmulWork: number;
  /**
   * Rows from which a split affine-bytes forward is cut by rows instead of columns (the
   * evaluation's chunks of 1000): each thread then builds the lists of its own rows only.
   * Optional: undefined never cuts by rows.
   */
  minAffineRows?: number;
  /** Stop splitting for a while when the helper lags (see governor.ts); tests turn it off to split every call. */
  adaptive: boolean;
}

export const DEFAULT_PARALLEL: ParallelOptions = { minAffineWork: 1 << 20, minAxpby: 1 << 16, minMatmulWork: 1 << 17, minAffineRows: 256, adaptive: true };

/**
 * Where to cut n columns between the two threads: at a multiple of 32 near the middle when n is
 * large (512 -> 256, 128-byte aligned halves of every row), else at a multiple of 4; the main
 * thread's part is then whole vectors, so only the helper's part can end in a partial one.
 */
function splitColumns(n: number): number {
  return n >= 64 ? Math.round(n / 64) * 32 : (n >> 3) << 2;
}

/**
 * The fused step's cut: a multiple of 24 columns near the middle (512 -> 264), so both threads
 * keep affine_sgd's 24-column chunks and their per-chunk Σ W² add up to the same bits as one
 * thread's (no split under 48 columns).
 */
function splitChunks(n: number): number {
  return n >= 48 ? Math.round(n / 48) * 24 : n;
}

/** Scratch sizes (list entries, aux bytes) of affine_fwd and affine_bwd; see kernels.wat. */
const fwdScratch = (m: number, k: number): [number, number] => [Math.min(m, 256) * k, 256 * 8 + 96 * k + 64];
const bwdScratch = (m: number, k: number): [number, number] => [(2 * m + 1) * k + 1, 4 * (2 * k + m + 2) + 16 + 96 * (m + 1) + 160];
/** affine_sgd's: affine_bwd's plus the row of G it forms in L1. */
const sgdScratch = (m: number, k: number): [number, number] => {
  const [entries, aux] = bwdScratch(m, k);
  return [entries, aux + 128];
};

/**
 * The Kernels over a heap: each call stages any array that lives outside the heap (copy in, and
 * out for outputs), calls the wasm function, and with a helper thread splits the big ones by
 * columns (the affine-bytes products and the fused step), by rows (float matmuls) or by elements
 * (axpby). Softmax and argmax, m×10 work, stay in JS.
 */
export function wasmKernels(heap: WasmHeap, helper: HelperThread | null, parallel: ParallelOptions = DEFAULT_PARALLEL, governor = new Governor(parallel.adaptive)): Kernels {
  const wasm = heap.exports;
  const stage = new Staging(heap);
  const mainScratch = new Scratch(heap); // the main thread's; the helper has its own
  const transposed = new Block(heap);
  const narrowProduct = new Block(heap);
  // where affine_sgd leaves its Σ W², one float64 per 24-column chunk of W
  const chunkSums = new Block(heap);

  /** Wait for the helper's half and tell the governor how the split went. */
  const join = (h: HelperThread, t0: number): void => {
    const t1 = performance.now();
    h.join();
    governor.record(t0, t1, performance.now());
  };

  /**
   * wasm.matmul on `rows` rows of out (A's row i at a + 4·i·sai), the last half of them on the helper
   * when the work is big enough: each out row is computed by one thread exactly as unsplit.
   * Out rows of at most 12 columns from A's own rows, beta 0 (z2 = a1·W2, in training and in the
   * evaluation) go to matmul_narrow: the same bits, in half the time (measured on 64×10×512).
   */
  const rowsMatmul = (pa: number, pb: number, po: number, rows: number, n: number, k: number, sai: number, sat: number, beta: number): void => {
    const mid = helper && rows >= 2 && rows * n * k >= parallel.minMatmulWork && governor.split() ? rows >> 1 : rows;
    const narrow = n <= 12 && sai === k && sat === 1 && beta === 0;
    const t0 = performance.now();
    if (helper && mid < rows) {
      if (narrow) setArgs(helper.args, pa + 4 * mid * sai, pb, po + 4 * mid * n, rows - mid, n, k);
      else setArgs(helper.args, pa + 4 * mid * sai, pb, po + 4 * mid * n, rows - mid, n, k, sai, sat, beta, helper.scratch.ensure(0, k + 1).list);
      helper.start(narrow ? OP_MATMUL_NARROW : OP_MATMUL);
    }
    if (narrow) wasm.matmul_narrow(pa, pb, po, mid, n, k);
    else wasm.matmul(pa, pb, po, mid, n, k, sai, sat, beta, mainScratch.ensure(0, k + 1).list);
    if (helper && mid < rows) join(helper, t0);
  };

  const matmul: Kernels['matmul'] = (a, b, out, m, n, k, transA, transB, beta) => {
    stage.begin();
    const pa = stage.f32(a, m * k);
    let pb = stage.f32(b, k * n);
    const po = stage.out(out, m * n, beta !== 0);
    if (transB) {
      // B is n×k; A·Bᵀ = A·(Bᵀ) with Bᵀ materialised, n·k work against m·n·k
      const t = transposed.floats(k * n);
      wasm.transpose(pb, t, n, k);
      pb = t;
    }
    if (transA && !transB && n < 16 && m >= 64) {
      // Aᵀ·B with few columns (dW2 = a1ᵀ·dz2, 512×10): out rows 10 wide would run the SIMD sweep
      // mostly empty, so form (Bᵀ·A) [n×m], rows m wide, and transpose it back.
      const t = narrowProduct.floats(2 * m * n);
      rowsMatmul(pb, pa, t, n, m, k, 1, n, 0);
      wasm.transpose(t, t + 4 * m * n, n, m);
      wasm.axpby(1, t + 4 * m * n, beta, po, m * n);
    } else {
      rowsMatmul(pa, pb, po, m, n, k, transA ? 1 : k, transA ? m : 1, beta);
    }
    stage.end();
  };

  /**
   * A product split by columns of its output: [mid, n) on the helper, started with the args
   * `helperArgs(mid, scratch)` gives, and [0, mid) here by `here(mid, scratch)`, when its m·n·k work is big
   * enough and the governor allows; otherwise all n columns here. Returns whether it split.
   */
  const byColumns = (work: number, n: number, op: number, entries: number, aux: number,
    helperArgs: (mid: number, s: Scratch) => number[], here: (mid: number, s: Scratch) => void, cut = splitColumns): boolean => {
    const mid = helper && work >= parallel.minAffineWork && governor.split() ? cut(n) : n;
    const t0 = performance.now();
    if (helper && mid < n) {
      setArgs(helper.args, ...helperArgs(mid, helper.scratch.ensure(n - mid, entries, aux)));
      helper.start(op);
    }
    here(mid, mainScratch.ensure(mid, entries, aux));
    if (helper && mid < n) join(helper, t0);
    return mid < n;
  };

  /**
   * The forward of many rows, rows [mid, m) on the helper and [0, mid) here, every column of a row
   * by one thread exactly as unsplit. Cut by columns, both threads would build the lists of all
   * rows (a fifth of the forward's time); cut by rows, each builds its own, for the price of
   * packing all of W's panels per 256 rows instead of half of them. Returns whether it split.
   */
  const fwdByRows = (pp: number, pw: number, po: number, m: number, n: number, k: number, scale: number, offset: number): boolean => {
    const minRows = parallel.minAffineRows;
    if (!helper || minRows === undefined || m < Math.max(2, minRows) || m * n * k < parallel.minAffineWork || !governor.split()) return false;
    const mid = m >> 1;
    const t0 = performance.now();
    const hs = helper.scratch.ensure(n, ...fwdScratch(m - mid, k));
    setArgs(helper.args, pp + mid * k, pw, po + 4 * mid * n, m - mid, n, k, scale, offset, 0, n, hs.cs, hs.list, hs.aux);
    helper.start(OP_AFFINE_FWD);
    const s = mainScratch.ensure(n, ...fwdScratch(mid, k));
    wasm.affine_fwd(pp, pw, po, mid, n, k, scale, offset, 0, n, s.cs, s.list, s.aux);
    join(helper, t0);
    return true;
  };

  const affineBytesMatmul: Kernels['affineBytesMatmul'] = (p, w, out, m, n, k, scale, offset) => {
    stage.begin();
    const pp = stage.u8(p, m * k), pw = stage.f32(w, k * n), po = stage.out(out, m * n, false);
    if (!fwdByRows(pp, pw, po, m, n, k, scale, offset)) byColumns(m * n * k, n, OP_AFFINE_FWD, ...fwdScratch(m, k),
      (mid, s) => [pp, pw, po, m, n, k, scale, offset, mid, n, s.cs, s.list, s.aux],
      (mid, s) => wasm.affine_fwd(pp, pw, po, m, n, k, scale, offset, 0, mid, s.cs, s.list, s.aux));
    stage.end();
  };

  const affineBytesTransMatmul: Kernels['affineBytesTransMatmul'] = (p, d, out, m, n, k, scale, offset, beta) => {
    stage.begin();
    const pp = stage.u8(p, m * k), pd = stage.f32(d, m * n), po = stage.out(out, k * n, beta !== 0);
    byColumns(m * n * k, n, OP_AFFINE_BWD, ...bwdScratch(m, k),
      (mid, s) => [pp, pd, po, m, n, k, scale, offset, beta, mid, n, s.cs, s.list, s.aux],
      (mid, s) => wasm.affine_bwd(pp, pd, po, m, n, k, scale, offset, beta, 0, mid, s.cs, s.list, s.aux));
    stage.end();
  };

  const affineBytesSgd: Kernels['affineBytesSgd'] = (p, d, w, m, n, k, scale, offset, gradScale, decay, lr) => {
    stage.begin();
    const pp = stage.u8(p, m * k), pd = stage.f32(d, m * n), pw = stage.out(w, k * n, true);
    const chunks = Math.ceil(n / 24), sums = chunkSums.floats(2 * chunks); // float64 slots
    byColumns(m * n * k, n, OP_AFFINE_SGD, ...sgdScratch(m, k),
      (mid, s) => [pp, pd, pw, m, n, k, scale, offset, gradScale, decay, -lr, mid, n, s.cs, s.list, s.aux, sums],
      (mid, s) => wasm.affine_sgd(pp, pd, pw, m, n, k, scale, offset, gradScale, decay, -lr, 0, mid, s.cs, s.list, s.aux, sums),
      splitChunks);
    let sumSq = 0; // in chunk order, whichever thread did each chunk
    for (let q = 0; q < chunks; q++) sumSq += heap.f64[(sums >> 3) + q]!;
    stage.end();
    return sumSq;
  };

  const axpby: Kernels['axpby'] = (alpha, x, beta, y, n) => {
    stage.begin();
    const px = stage.f32(x, n), py = stage.out(y, n, beta !== 0);
    const mid = helper && n >= parallel.minAxpby && governor.split() ? (n >> 3) << 2 : n;
    const t0 = performance.now();
    if (helper && mid < n) {
      setArgs(helper.args, alpha, px + 4 * mid, beta, py + 4 * mid, n - mid);
      helper.start(OP_AXPBY);
    }
    wasm.axpby(alpha, px, beta, py, mid);
    if (helper && mid < n) join(helper, t0);
    stage.end();
  };

  /**
   * The reference's row softmax, out[i,j] = exp(a_ij − max_i) / Σ_j exp(a_ij − max_i) in float64,
   * with each exp taken once (the reference takes it twice): the same float64 values, so the same
   * float32 bits. m×10 work: JS is fine.
   */
  let exps = new Float64Array(0);
  const softmaxRows: Kernels['softmaxRows'] = (a, out, rows, cols) => {
    if (exps.length < cols) exps = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, a[o + j]!);
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += exps[j] = Math.exp(a[o + j]! - max);
      for (let j = 0; j < cols; j++) out[o + j] = exps[j]! / sum;
    }
  };

  return {
    ...referenceKernels, // argmaxRows: m×10 work, JS is fine
    softmaxRows,
    matmul,
    affineBytesMatmul,
    affineBytesTransMatmul,
    affineBytesSgd,
    axpby,
    dot(a, b, n) {
      stage.begin();
      const r = wasm.dot(stage.f32(a, n), stage.f32(b, n), n);
      stage.end();
      return r;
    },
    addRowVector(a, v, out, rows, cols) {
      stage.begin();
      const pa = stage.f32(a, rows * cols), pv = stage.f32(v, cols);
      wasm.add_row_vector(pa, pv, stage.out(out, rows * cols, false), rows, cols);
      stage.end();
    },
    colSums(a, out, rows, cols) {
      stage.begin();
      const pa = stage.f32(a, rows * cols);
      wasm.col_sums(pa, stage.out(out, cols, false), rows, cols);
      stage.end();
    },
    relu(a, out, n) {
      stage.begin();
      const pa = stage.f32(a, n);
      wasm.relu(pa, stage.out(out, n, false), n);
      stage.end();
    },
    reluGrad(g, z, out, n) {
      stage.begin();
      const pg = stage.f32(g, n), pz = stage.f32(z, n);
      wasm.relu_grad(pg, pz, stage.out(out, n, false), n);
      stage.end();
    },
  };
}

/** Fill the helper's argument slots (a few calls per batch; the rest array is noise next to the kernels). */
function setArgs(slots: Float64Array, ...values: number[]): void {
  for (let i = 0; i < values.length; i++) slots[i] = values[i]!;
}
