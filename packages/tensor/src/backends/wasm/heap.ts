import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/** The functions kernels.wat exports: pointers are byte addresses, counts are elements. */
export interface WasmExports {
  axpby(alpha: number, x: number, beta: number, y: number, n: number): void;
  dot(a: number, b: number, n: number): number;
  relu(a: number, out: number, n: number): void;
  relu_grad(g: number, z: number, out: number, n: number): void;
  add_row_vector(a: number, v: number, out: number, rows: number, cols: number): void;
  col_sums(a: number, out: number, rows: number, cols: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  matmul(a: number, b: number, out: number, m: number, n: number, k: number, sai: number, sat: number, beta: number, list: number): void;
  matmul_narrow(a: number, b: number, out: number, m: number, n: number, k: number): void;
  affine_fwd(p: number, w: number, out: number, m: number, n: number, k: number, scale: number, offset: number, j0: number, j1: number, cs: number, list: number, aux: number): void;
  affine_bwd(p: number, d: number, out: number, m: number, n: number, k: number, scale: number, offset: number, beta: number, j0: number, j1: number, cs: number, list: number, aux: number): void;
  affine_sgd(p: number, d: number, w: number, m: number, n: number, k: number, scale: number, offset: number, gs: number, decay: number, nlr: number, j0: number, j1: number, cs: number, list: number, aux: number, sumOut: number): void;
}

/**
 * The slice of the WebAssembly JS API used here, typed locally: the package compiles against
 * lib ES2022 + @types/node, neither of which declares WebAssembly.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
export type WasmModule = object & { readonly __wasmModule?: never };
interface WasmApi {
  Memory: new (desc: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<{ exports: object }>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;
/** The memory may grow to 2 GiB (the module's declared maximum); a shared memory reserves it up front as address space only. */
const MAX_PAGES = 32_768;
/** allocFloat32/allocUint8 stop handing out heap views past 1 GiB and return plain arrays (kernels copy those). */
const ALLOC_CAP = 1 << 30;
/** Bytes left readable after every block: a row's last sweep of 4 vectors may read up to 60 bytes past its end. */
const SLACK = 64;
/** Address 0 stays unused, so a stray null pointer cannot alias a live block. */
const HEAP_START = 1024;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * One shared WebAssembly.Memory, the compiled kernels instantiated on it, and a bump allocator.
 *
 * Memory is never freed: a view handed out may be sub-viewed and outlive its parent, so no block
 * is ever provably dead. Callers allocate their buffers once and reuse them (the trainer and the
 * nn workspaces do); past ALLOC_CAP the allocators return plain arrays instead, which stay
 * correct and are only slower (each kernel call copies them in and out).
 */
export class WasmHeap {
  readonly exports: WasmExports;
  private top = HEAP_START;
  /** Every `memory.buffer` ever seen: an array lives in the heap iff its buffer is one of them (grow makes a new SharedArrayBuffer object over the same memory). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  f32!: Float32Array;
  f64!: Float64Array;
  u8!: Uint8Array;

  private constructor(
    readonly module: WasmModule,
    readonly memory: WasmMemory,
    instance: { exports: object },
  ) {
    this.exports = instance.exports as unknown as WasmExports;
    this.refreshViews();
  }

  static async create(): Promise<WasmHeap> {
    const memory = new WA.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const module = await WA.compile(decodeBase64(KERNELS_WASM_BASE64));
    const instance = await WA.instantiate(module, { env: { memory } });
    return new WasmHeap(module, memory, instance);
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
    this.u8 = new Uint8Array(buf);
  }

  /** True when `a` is a view into this heap, so its byteOffset is its wasm address. */
  inside(a: ArrayBufferView): boolean {
    return this.buffers.has(a.buffer);
  }

  /** A 16-byte-aligned block of `bytes` (zero: memory is fresh and never reused) with SLACK bytes after it. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + bytes + SLACK;
    const need = Math.ceil((end + SLACK) / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (need > 0) {
      const pages = Math.max(need, this.memory.buffer.byteLength / PAGE / 4) | 0; // grow by >= 25%
      const current = this.memory.buffer.byteLength / PAGE;
      if (current + need > MAX_PAGES) throw new RangeError(`wasm-simd: the heap is full (${MAX_PAGES * PAGE} bytes); ${bytes} more were asked for`);
      this.memory.grow(Math.min(pages, MAX_PAGES - current));
      this.refreshViews();
    }
    this.top = (end + 15) & ~15;
    return ptr;
  }

  /** Bytes handed out so far (the heap's high-water mark). */
  get used(): number {
    return this.top;
  }

  allocFloat32(n: number): Float32Array {
    if (this.top + 4 * n > ALLOC_CAP) return new Float32Array(n);
    const ptr = this.alloc(4 * n);
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  allocUint8(n: number): Uint8Array {
    if (this.top + n > ALLOC_CAP) return new Uint8Array(n);
    const ptr = this.alloc(n);
    return new Uint8Array(this.memory.buffer, ptr, n);
  }
}

/**
 * Per-thread scratch in the heap: a column-sum row, a coefficient list (8 bytes an entry) and an
 * auxiliary block (list pointers, a packed panel), each grown (never shrunk, the old block
 * abandoned) when a call needs more.
 */
export class Scratch {
  cs = 0;
  list = 0;
  aux = 0;
  private csBytes = 0;
  private listEntries = 0;
  private auxBytes = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Room for `floats` column sums, `entries` list entries and `auxBytes` bytes; returns this. */
  ensure(floats: number, entries: number, auxBytes = 0): this {
    if (4 * floats > this.csBytes) {
      this.csBytes = Math.max(4 * floats, 2 * this.csBytes, 4096);
      this.cs = this.heap.alloc(this.csBytes);
    }
    if (entries > this.listEntries) {
      this.listEntries = Math.max(entries, 2 * this.listEntries, 1024);
      this.list = this.heap.alloc(8 * this.listEntries);
    }
    if (auxBytes > this.auxBytes) {
      this.auxBytes = Math.max(auxBytes, 2 * this.auxBytes, 4096);
      this.aux = this.heap.alloc(this.auxBytes);
    }
    return this;
  }
}

/** A growable block of floats in the heap (the transposed B of A·Bᵀ); returns its address. */
export class Block {
  private ptr = 0;
  private bytes = 0;

  constructor(private readonly heap: WasmHeap) {}

  floats(n: number): number {
    if (4 * n > this.bytes) {
      this.bytes = Math.max(4 * n, 2 * this.bytes, 4096);
      this.ptr = this.heap.alloc(this.bytes);
    }
    return this.ptr;
  }
}

/**
 * Copies arrays that live outside the heap into it for one kernel call, and the outputs back.
 * Arrays inside the heap pass through as their address, so the hot path copies nothing.
 */
export class Staging {
  private base = 0;
  private size = 0;
  private cursor = 0;
  private readonly pendingArrays: (Float32Array | null)[] = [null, null, null];
  private readonly pendingPtrs = [0, 0, 0];
  private readonly pendingLengths = [0, 0, 0];
  private pending = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Start a kernel call: staged space from the last call is reused. */
  begin(): void {
    this.cursor = 0;
    this.pending = 0;
  }

  private room(bytes: number): number {
    const need = (bytes + SLACK + 15) & ~15;
    if (this.cursor + need > this.size) {
      // earlier staged arrays of this call stay where they are; the new block serves the rest
      this.size = Math.max(2 * this.size, need, 1 << 16);
      this.base = this.heap.alloc(this.size);
      this.cursor = 0;
    }
    const ptr = this.base + this.cursor;
    this.cursor += need;
    return ptr;
  }

  /** The address of the first n floats of `a`, copied in if `a` is outside the heap. */
  f32(a: Float32Array, n: number): number {
    if (this.heap.inside(a)) return a.byteOffset;
    const ptr = this.room(4 * n);
    this.heap.f32.set(n === a.length ? a : a.subarray(0, n), ptr >> 2);
    return ptr;
  }

  /** The address of the first n bytes of `p`, copied in if `p` is outside the heap. */
  u8(p: Uint8Array, n: number): number {
    if (this.heap.inside(p)) return p.byteOffset;
    const ptr = this.room(n);
    this.heap.u8.set(n === p.length ? p : p.subarray(0, n), ptr);
    return ptr;
  }

  /** An output of n floats: its address, or staged space copied back by `end()` (read first when `read`). */
  out(a: Float32Array, n: number, read: boolean): number {
    if (this.heap.inside(a)) return a.byteOffset;
    const ptr = read ? this.f32(a, n) : this.room(4 * n);
    this.pendingArrays[this.pending] = a;
    this.pendingLengths[this.pending] = n;
    this.pendingPtrs[this.pending++] = ptr;
    return ptr;
  }

  /** Finish a kernel call: copy staged outputs back to their arrays. */
  end(): void {
    for (let i = 0; i < this.pending; i++) {
      const a = this.pendingArrays[i]!;
      const ptr = this.pendingPtrs[i]! >> 2;
      a.set(this.heap.f32.subarray(ptr, ptr + this.pendingLengths[i]!));
      this.pendingArrays[i] = null;
    }
    this.pending = 0;
  }
}
