/**
 * The closed kernel set. Kernels do arithmetic only: they never validate shapes and never
 * allocate; they write into the `out` they are given. Public ops (ops.ts) check and dispatch.
 */
export interface Kernels {
  /**
   * out[m×n] = op(A)·op(B) + beta·out, where op(A) is m×k (A is k×m when transA) and op(B) is k×n
   * (B is n×k when transB). beta is 0 or 1 (accumulate).
   */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, beta: number): void;
  /**
   * out[m×n] = (offset + scale·P)·W for bytes P [m×k] and W [k×n]. Exact algebra lets a backend
   * compute offset·colsum(W) + scale·(P·W) and skip the zero bytes.
   */
  affineBytesMatmul(p: Uint8Array, w: Float32Array, out: Float32Array, m: number, n: number, k: number, scale: number, offset: number): void;
  /** out[k×n] = (offset + scale·P)ᵀ·D + beta·out for bytes P [m×k] and D [m×n]. */
  affineBytesTransMatmul(p: Uint8Array, d: Float32Array, out: Float32Array, m: number, n: number, k: number, scale: number, offset: number, beta: number): void;
  /**
   * The SGD step of a layer fed by bytes, fused: with G = (offset + scale·P)ᵀ·D [k×n] for bytes
   * P [m×k] and D [m×n],
   *   W ← W − lr·(decay·W + gradScale·G)        (the paper: decay = λ/m, gradScale = 1/m)
   * and returns Σ W² of W before the step (the batch's L2 term), accumulated in float64, in an
   * order that does not depend on how a backend splits the call between threads (the same seed
   * must give the same bytes in metrics.jsonl too).
   * W must come out with exactly the bits of the unfused sequence on the same backend:
   * affineBytesTransMatmul into G (beta 0), axpby(decay, W, gradScale, G), axpby(−lr, G, 1, W)
   * — so a backend may fuse the passes (G never stored) without changing any trained weight.
   */
  affineBytesSgd(p: Uint8Array, d: Float32Array, w: Float32Array, m: number, n: number, k: number, scale: number, offset: number, gradScale: number, decay: number, lr: number): number;
  /** out[i,j] = a[i,j] + v[j] (out may be a). */
  addRowVector(a: Float32Array, v: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** out[j] = Σ_i a[i,j]. */
  colSums(a: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** out = max(a, 0) (out may be a). */
  relu(a: Float32Array, out: Float32Array, n: number): void;
  /** out = g ⊙ [z > 0], the ReLU gradient mask applied to an upstream gradient (out may be g). */
  reluGrad(g: Float32Array, z: Float32Array, out: Float32Array, n: number): void;
  /** Row-wise softmax, max-subtracted for stability: out[i,j] = exp(a_ij − max_i) / Σ_j exp(a_ij − max_i). */
  softmaxRows(a: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** y ← alpha·x + beta·y (axpby; axpy when beta = 1, scale when y is out and beta = 0). */
  axpby(alpha: number, x: Float32Array, beta: number, y: Float32Array, n: number): void;
  /** Σ a_i·b_i (the L2 term's ‖W‖² is dot(W, W)). The one kernel that returns its result: a scalar. */
  dot(a: Float32Array, b: Float32Array, n: number): number;
  /** out[i] = index of the largest a[i,j] (the first one on ties). */
  argmaxRows(a: Float32Array, out: Int32Array, rows: number, cols: number): void;
}

export type KernelName = keyof Kernels;

export const KERNEL_NAMES: readonly KernelName[] = [
  'matmul',
  'affineBytesMatmul',
  'affineBytesTransMatmul',
  'affineBytesSgd',
  'addRowVector',
  'colSums',
  'relu',
  'reluGrad',
  'softmaxRows',
  'axpby',
  'dot',
  'argmaxRows',
];

/** A backend is a plain value: name, priority (higher wins under `auto`), optional async set-up. */
export interface Backend {
  readonly name: string;
  readonly priority: number;
  /** Threads its kernels use (1 when absent); a pool of workers picks a 1-thread backend. */
  readonly threads?: number;
  /** Compile WebAssembly, start workers...; called once before the backend is first used. */
  init?(): Promise<void> | void;
  /** Release workers or memory. */
  dispose?(): Promise<void> | void;
  readonly kernels: Partial<Kernels>;
  /**
   * Optional allocators: a backend whose kernels run on memory of their own (a WebAssembly
   * memory, a SharedArrayBuffer shared with workers) hands out views into it, so the hot loop
   * copies nothing. Kernels must still accept arrays allocated anywhere else.
   */
  allocFloat32?(n: number): Float32Array;
  allocUint8?(n: number): Uint8Array;
  /** Counters for profiles (e.g. calls split with a helper thread, time spent waiting for it). */
  stats?(): Record<string, number>;
  /**
   * A backend with threads > 1 may lend one of its cores: until the returned function is called,
   * its kernels run on fewer threads (the same bytes), so a worker of the caller's can use the core
   * instead of competing with the backend for it. On a machine with no spare core, two threads
   * fighting over one run slower than either alone (docs/RESULTS.md, "Augmentation and epoch time").
   */
  lendCore?(): () => void;
}
