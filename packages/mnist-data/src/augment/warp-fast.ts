/**
 * The resampler augmentImages uses: warp.wat (the spec's arithmetic in WebAssembly SIMD, with
 * blank areas skipped; the same bytes as `Warper`) driven a chunk of images at a time. Images
 * are copied into the module's memory and the results out again, CHUNK images per copy, since a
 * module cannot read a JavaScript array.
 */
import { FEATURES } from '../shape.js';
import type { ElasticBank } from './elastic.js';
import { Col, DISTORTION_COLS, type Resampler } from './resample.js';
import { WARP_WASM_BASE64 } from './warp-wasm.js';

/** The functions and memory warp.wat exports (addresses are byte offsets into `memory`). */
interface WarpExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  warp(src: number, dst: number, a: number, b: number, d: number, e: number, tx: number, ty: number, fx: number, fy: number, signX: number, signY: number, mfx: number, mfy: number): void;
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
/** Memory layout past warp.wat's own first 15 KiB (padded image, ink cells, coordinates). */
const ZERO_FIELD = 16_384;
const SRC = 20_480;
const DST = SRC + CHUNK * FEATURES;
const FIELDS = DST + CHUNK * FEATURES;

let compiled: object | undefined;

/** The module compiled once per thread (a few hundred microseconds). */
function warpModule(): object {
  compiled ??= new WA.Module(Uint8Array.from(atob(WARP_WASM_BASE64), (c) => c.charCodeAt(0)));
  return compiled;
}

/** warp.wat's resampler; one instance owns its memory (not safe to share between calls in flight). */
export class WasmResampler implements Resampler {
  private readonly wasm: WarpExports;
  /** The largest |value| of each field of the current bank (warp.wat skips rows with it). */
  private maxAbs = new Float64Array(0);
  private hasFields = false;

  constructor() {
    this.wasm = new WA.Instance(warpModule(), {}).exports as WarpExports;
    this.reserve(FIELDS);
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

  warp(images: Uint8Array, out: Uint8Array, start: number, n: number, table: Float64Array): void {
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
