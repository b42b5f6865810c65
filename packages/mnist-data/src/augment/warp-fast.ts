/**
 * The arithmetic augmentImages uses: warp.wat (the spec's arithmetic in WebAssembly SIMD, the
 * same bytes as `GaussianSmoother`, `Warper` and `applyInkBudget`). Images are copied into the module's memory and
 * the results out again, CHUNK images per copy, since a module cannot read a JavaScript array.
 */
import { FEATURES, IMAGE_COLS } from '../shape.js';
import type { ElasticBank } from './elastic.js';
import { gaussianKernel, reflectIndex } from './gaussian.js';
import { Col, DISTORTION_COLS, type AugmentKernels, type Smoother } from './resample.js';
import { WARP_WASM_BASE64 } from './warp-wasm.js';

/** The functions and memory warp.wat exports (addresses are byte offsets into `memory`). */
interface WarpExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  warp(src: number, dst: number, a: number, b: number, d: number, e: number, tx: number, ty: number, fx: number, fy: number, signX: number, signY: number, mfx: number, mfy: number): void;
  smooth(field: number, out: number, g: number, w: number, idx: number, rpad: number, tpad: number): void;
  ink_budget(src: number, dst: number): void;
}

/** The slice of the WebAssembly JS API used here (the package's lib, ES2022 + node, does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Images copied into the module per step (two buffers of CHUNK·784 bytes). */
export const CHUNK = 1024;
const PAGE = 65_536;
const FIELD_BYTES = FEATURES * 4;
/**
 * Memory layout past warp.wat's own first 15 KiB (padded image, coordinates). The smoothing
 * scratch is sized for the widest kernel the options allow (σ = 20: r = 80, 161 taps, rows padded
 * to 28 + 2r = 188).
 */
const ZERO_FIELD = 16_384;
const MAX_PADDED = 188;
const S_FIELD = 20_480; // 784 float64
const S_OUT = S_FIELD + 8 * FEATURES; // 784 float64
const S_KERNEL = S_OUT + 8 * FEATURES; // up to 161 float64
const S_IDX = S_KERNEL + 8 * MAX_PADDED; // up to 188 int32
const S_RPAD = S_IDX + 4 * MAX_PADDED; // up to 188 float64
const S_TPAD = S_RPAD + 8 * MAX_PADDED; // up to 188 × 28 float64
const SRC = S_TPAD + 8 * MAX_PADDED * IMAGE_COLS;
const DST = SRC + CHUNK * FEATURES;
const FIELDS = DST + CHUNK * FEATURES;

let compiled: object | undefined;

/** The module compiled once per thread (a few hundred microseconds). */
function warpModule(): object {
  compiled ??= new WA.Module(Uint8Array.from(atob(WARP_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** warp.wat's kernels; one instance owns its memory (used by one call at a time). */
export class WasmKernels implements AugmentKernels {
  private readonly wasm: WarpExports;
  /** The largest |value| of each field of the current bank (warp.wat skips rows with it). */
  private maxAbs = new Float64Array(0);
  private hasFields = false;

  constructor() {
    this.wasm = new WA.Instance(warpModule(), {}).exports as WarpExports;
    this.reserve(FIELDS);
  }

  smoother(sigma: number): Smoother {
    const g = gaussianKernel(sigma);
    const r = (g.length - 1) / 2;
    if (IMAGE_COLS + 2 * r > MAX_PADDED) throw new RangeError(`WasmKernels.smoother: sigma must be at most 20 pixels, got ${sigma}`);
    const idx = Int32Array.from({ length: IMAGE_COLS + 2 * r }, (_, j) => reflectIndex(j - r, IMAGE_COLS));
    const wasm = this.wasm;
    return {
      smooth(field: ArrayLike<number>, out: Float32Array | Float64Array): void {
        const buffer = wasm.memory.buffer;
        new Float64Array(buffer, S_KERNEL, g.length).set(g);
        new Int32Array(buffer, S_IDX, idx.length).set(idx);
        new Float64Array(buffer, S_FIELD, FEATURES).set(field);
        wasm.smooth(S_FIELD, S_OUT, S_KERNEL, g.length, S_IDX, S_RPAD, S_TPAD);
        out.set(new Float64Array(buffer, S_OUT, FEATURES)); // into float32 as the spec stores it
      },
    };
  }

  prepare(bank: ElasticBank | null): void {
    this.hasFields = bank !== null;
    if (!bank) return;
    const values = bank.values;
    this.reserve(FIELDS + values.byteLength);
    new Float32Array(this.wasm.memory.buffer, FIELDS, values.length).set(values);
    if (this.maxAbs.length !== bank.size) this.maxAbs = new Float64Array(bank.size);
    for (let k = 0; k < bank.size; k++) {
      let m = 0;
      for (let p = k * FEATURES, end = p + FEATURES; p < end; p++) m = Math.max(m, Math.abs(values[p]!));
      this.maxAbs[k] = m;
    }
  }

  warp(images: Uint8Array, out: Uint8Array, start: number, n: number, table: Float64Array, inkBudget = false): void {
    const { wasm, maxAbs, hasFields } = this;
    for (let c = 0; c < n; c += CHUNK) {
      const m = Math.min(CHUNK, n - c);
      const mem = new Uint8Array(wasm.memory.buffer);
      mem.set(images.subarray((start + c) * FEATURES, (start + c + m) * FEATURES), SRC);
      for (let k = 0; k < m; k++) {
        const r = (c + k) * DISTORTION_COLS;
        const fx = hasFields ? table[r + Col.fieldX]! : -1;
        const fy = hasFields ? table[r + Col.fieldY]! : -1;
        wasm.warp(
          SRC + k * FEATURES, DST + k * FEATURES,
          table[r + Col.a]!, table[r + Col.b]!, table[r + Col.d]!, table[r + Col.e]!, table[r + Col.tx]!, table[r + Col.ty]!,
          fx < 0 ? ZERO_FIELD : FIELDS + fx * FIELD_BYTES, fy < 0 ? ZERO_FIELD : FIELDS + fy * FIELD_BYTES,
          table[r + Col.signX]!, table[r + Col.signY]!, fx < 0 ? 0 : maxAbs[fx]!, fy < 0 ? 0 : maxAbs[fy]!,
        );
        if (inkBudget) wasm.ink_budget(SRC + k * FEATURES, DST + k * FEATURES);
      }
      out.set(mem.subarray(DST, DST + m * FEATURES), (start + c) * FEATURES);
    }
  }

  /** Grows the memory to at least `bytes`. */
  private reserve(bytes: number): void {
    const have = this.wasm.memory.buffer.byteLength;
    if (bytes > have) this.wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}
