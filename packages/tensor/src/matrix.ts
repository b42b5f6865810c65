import { allocFloat32 } from './registry.js';

/**
 * A row-major Float32 matrix: element (i, j) lives at data[i * cols + j]. A vector is a matrix
 * with one row. The type is a thin view: ops never copy unless they say so.
 */
export class Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float32Array,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`Matrix: shape must be two non-negative integers, got [${rows},${cols}]`);
    }
    if (data.length !== rows * cols) {
      throw new RangeError(`Matrix: data has ${data.length} values, shape [${rows},${cols}] needs ${rows * cols}`);
    }
  }

  /** Zeros, in the active backend's memory when it has its own (so kernels need not copy). */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols, allocFloat32(rows * cols));
  }

  /** From nested arrays, e.g. `Matrix.from([[1, 2], [3, 4]])`. */
  static from(values: readonly (readonly number[])[]): Matrix {
    const rows = values.length;
    const cols = values[0]?.length ?? 0;
    const data = new Float32Array(rows * cols);
    values.forEach((row, i) => {
      if (row.length !== cols) throw new RangeError(`Matrix.from: row ${i} has ${row.length} values, row 0 has ${cols}`);
      data.set(row, i * cols);
    });
    return new Matrix(rows, cols, data);
  }

  /** A 1×n row vector. */
  static row(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float32Array.from(values));
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
  }
}

/**
 * Rows of raw bytes with the affine map that turns them into the values a layer sees:
 * x = offset + scale · p. MNIST's pixels stay uint8 until a kernel reads them, and a backend can
 * use the algebra x·W = offset·1·colsum(W) + scale·(p·W) with p sparse (most pixels are 0).
 */
export class ByteMatrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Uint8Array,
    readonly scale: number,
    readonly offset: number,
  ) {
    if (data.length < rows * cols) {
      throw new RangeError(`ByteMatrix: data has ${data.length} bytes, shape [${rows},${cols}] needs ${rows * cols}`);
    }
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** The Float32 matrix these bytes stand for (allocates; for tests and small data). */
  toMatrix(): Matrix {
    const out = new Float32Array(this.rows * this.cols);
    for (let i = 0; i < out.length; i++) out[i] = this.offset + this.scale * this.data[i]!;
    return new Matrix(this.rows, this.cols, out);
  }
}

export const shapeOf = (m: { rows: number; cols: number }): string => `[${m.rows},${m.cols}]`;
