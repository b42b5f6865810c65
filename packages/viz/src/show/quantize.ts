// Weights for the report page, stored small: each column of a matrix (for W1 [784, H], one hidden
// unit) as signed integers times one scale per column, q = round(w / s) with s = max|w| / (2^(b-1) - 1).
// The rounding error of a weight is at most s/2. Whether that costs accuracy is measured by the
// caller, which runs the dequantised network on real data (see the pipeline's report stage).

export type QuantBits = 8 | 16;

export interface QuantizedMatrix {
  rows: number;
  cols: number;
  bits: QuantBits;
  /** rows·cols integers, row-major like the source. */
  q: Int8Array | Int16Array;
  /** One scale per column: w ≈ q · scales[col]. */
  scales: Float32Array;
}

/** Quantises a row-major [rows, cols] matrix column by column to `bits`-bit integers. */
export function quantizeColumns(values: Float32Array, rows: number, cols: number, bits: QuantBits): QuantizedMatrix {
  if (values.length !== rows * cols) throw new Error(`quantizeColumns: expected [${rows}, ${cols}] = ${rows * cols} values, got ${values.length}`);
  const top = 2 ** (bits - 1) - 1;
  const scales = new Float32Array(cols);
  for (let i = 0; i < values.length; i++) {
    const c = i % cols;
    scales[c] = Math.max(scales[c]!, Math.abs(values[i]!));
  }
  for (let c = 0; c < cols; c++) scales[c] = scales[c]! > 0 ? scales[c]! / top : 1;
  const q = bits === 8 ? new Int8Array(values.length) : new Int16Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.round(values[i]! / scales[i % cols]!);
  return { rows, cols, bits, q, scales };
}

/** The float matrix a quantised one stands for: w = q · scale of its column. */
export function dequantize(m: QuantizedMatrix): Float32Array {
  const out = new Float32Array(m.q.length);
  for (let i = 0; i < out.length; i++) out[i] = m.q[i]! * m.scales[i % m.cols]!;
  return out;
}
