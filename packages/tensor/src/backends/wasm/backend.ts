import type { Backend, Kernels } from '../../kernels.js';
import { WasmHeap } from './heap.js';
import { HelperThread } from './helper-thread.js';
import { Governor } from './governor.js';
import { DEFAULT_PARALLEL, wasmKernels, type ParallelOptions } from './wasm-kernels.js';

/**
 * WebAssembly SIMD backends. Both share one heap (a shared WebAssembly.Memory with the kernels
 * instantiated on it), so buffers allocated under one stay copy-free under the other.
 *
 *   wasm-simd     one thread.
 *   wasm-simd-mt  the same kernels, with the affine-bytes products and big axpby calls split
 *                 with a helper worker thread (2 cores: one helper plus the main thread).
 *
 * The kernels object is filled by init() (compiling the module is asynchronous); the registry
 * always initialises a backend before using it.
 */

let heapPromise: Promise<WasmHeap> | null = null;

/** The heap every wasm backend shares, created on first use. */
export function wasmHeap(): Promise<WasmHeap> {
  heapPromise ??= WasmHeap.create();
  return heapPromise;
}

export interface WasmBackendOptions {
  name: string;
  priority: number;
  /** Start a helper thread and split big kernels with it. */
  threads: boolean;
  /** Where splitting starts to pay (tests pass zeros to force it on small shapes). */
  parallel?: ParallelOptions;
  /** Polls before a waiting thread sleeps: covers the gap between two kernels of one batch. */
  spin?: number;
}

/**
 * Idle polls (Atomics.load, ~7 ns each) before a waiting thread sleeps: ~0.15 ms covers the gaps
 * between the split kernels of one training batch, so the helper is awake when the next comes
 * (waking it from Atomics.wait costs ~10-50 µs). The governor in wasm-kernels.ts stops splitting
 * when another process holds the second core and spinning would only delay the helper.
 */
const DEFAULT_SPIN = 20_000;

export function createWasmBackend(opts: WasmBackendOptions): Backend {
  const kernels: Partial<Kernels> = {};
  let heap: WasmHeap | null = null;
  let helper: HelperThread | null = null;
  const parallel = opts.parallel ?? DEFAULT_PARALLEL;
  const governor = new Governor(parallel.adaptive);
  const noHeap = (): never => {
    throw new Error(`backend ${opts.name}: call init() (or setBackend) before allocating`);
  };
  return {
    name: opts.name,
    priority: opts.priority,
    threads: opts.threads ? 2 : 1,
    kernels,
    async init() {
      if (heap) return;
      const h = await wasmHeap();
      if (opts.threads) helper = await HelperThread.start(h, opts.spin ?? DEFAULT_SPIN);
      Object.assign(kernels, wasmKernels(h, helper, parallel, governor));
      heap = h;
    },
    async dispose() {
      if (!helper || !heap) return;
      const h = helper;
      helper = null;
      Object.assign(kernels, wasmKernels(heap, null)); // single-threaded from here on
      await h.dispose();
    },
    stats: () => ({ splitCalls: governor.splitCalls, helperWaitMs: governor.waitMs }),
    ...(opts.threads ? { lendCore: () => governor.lend() } : {}),
    allocFloat32: (n) => (heap ?? noHeap()).allocFloat32(n),
    allocUint8: (n) => (heap ?? noHeap()).allocUint8(n),
  };
}

export const wasmSimdBackend = createWasmBackend({ name: 'wasm-simd', priority: 20, threads: false });
export const wasmSimdMtBackend = createWasmBackend({ name: 'wasm-simd-mt', priority: 30, threads: true });
