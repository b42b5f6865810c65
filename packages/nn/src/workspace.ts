import { Matrix, allocFloat32 } from '@mnist-ts/tensor';

/** How many per-batch-size views a buffer keeps (train batch, its short last batch, eval chunks...). */
const VIEWS_KEPT = 8;

/**
 * A per-batch buffer of `cols` columns that serves any batch size m: one allocation in the active
 * backend's memory (allocFloat32), sized for the largest batch seen so far, and an m×cols Matrix
 * view of its first m rows, cached by m. The hot loop therefore allocates nothing; a backend whose
 * memory cannot be freed (a WebAssembly heap) only ever holds the largest buffer, plus the ones a
 * growing batch size left behind. Views of different sizes share memory: one batch at a time.
 */
export class RowBuffer {
  private store: Float32Array;
  private readonly views = new Map<number, Matrix>();

  constructor(readonly cols: number) {
    this.store = new Float32Array(0);
  }

  /** The first m rows as an m×cols matrix (contents are whatever the last batch left). */
  rows(m: number): Matrix {
    const cached = this.views.get(m);
    if (cached) return cached;
    if (m * this.cols > this.store.length) {
      this.store = allocFloat32(m * this.cols);
      this.views.clear();
    }
    if (this.views.size >= VIEWS_KEPT) this.views.clear(); // only view objects are dropped
    const view = new Matrix(m, this.cols, this.store.subarray(0, m * this.cols));
    this.views.set(m, view);
    return view;
  }
}

/** The same for per-row integers (argmax results): a plain Int32Array, grown when needed. */
export class IndexBuffer {
  private store = new Int32Array(0);

  /** An Int32Array of at least m slots (argmaxRows accepts a longer one). */
  atLeast(m: number): Int32Array {
    if (m > this.store.length) this.store = new Int32Array(m);
    return this.store;
  }
}
