import { Scratch, type WasmHeap } from './heap.js';

/** The kernels a helper thread can run: indices into HELPER_OPS. */
export const OP_AFFINE_FWD = 0;
export const OP_AFFINE_BWD = 1;
export const OP_AXPBY = 2;
export const OP_AFFINE_SGD = 3;
export const OP_MATMUL = 4;
export const OP_MATMUL_NARROW = 5;
const HELPER_OPS = ['affine_fwd', 'affine_bwd', 'axpby', 'affine_sgd', 'matmul', 'matmul_narrow'] as const;
const QUIT = -1;

/** Control block layout, in int32 slots: generation, op, done generation, error flag; then float64 args. */
const GEN = 0, OP = 1, DONE = 2, ERROR = 3;
const ARGS_OFFSET = 32;
const MAX_ARGS = 18;
const CONTROL_BYTES = ARGS_OFFSET + 8 * MAX_ARGS;

/** How long join() waits for the helper before deciding it is gone. */
const JOIN_TIMEOUT_MS = 30_000;

/**
 * The helper's program: plain JS (a worker cannot load TypeScript from src), run with
 * `eval: true`. It instantiates the same module on the same shared memory and loops: wait for a
 * new generation (spinning a little first, since the next job usually follows within
 * microseconds), run the op with the float64 args, publish the generation as done.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, spin, ops } = workerData;
const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = ops.map((name) => wasm[name]);
const i32 = new Int32Array(memory.buffer, control, ${ARGS_OFFSET / 4});
const args = new Float64Array(memory.buffer, control + ${ARGS_OFFSET}, ${MAX_ARGS});
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  let g = Atomics.load(i32, ${GEN});
  for (let s = 0; g === seen && s < spin; s++) g = Atomics.load(i32, ${GEN});
  while (g === seen) {
    Atomics.wait(i32, ${GEN}, seen);
    g = Atomics.load(i32, ${GEN});
  }
  seen = g;
  const op = Atomics.load(i32, ${OP});
  if (op < 0) break;
  try {
    fns[op](args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11], args[12], args[13], args[14], args[15], args[16], args[17]);
  } catch {
    Atomics.store(i32, ${ERROR}, 1);
  }
  Atomics.store(i32, ${DONE}, g);
  Atomics.notify(i32, ${DONE});
}
`;

/** The part of node:worker_threads used here (imported lazily, so the package loads anywhere). */
interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}

/**
 * A second thread sharing the wasm memory. The main thread hands it one half of a big kernel
 * (start), does the other half, then waits for it (join): a generation counter in shared memory
 * and Atomics.wait/notify, no messages, so a hand-off costs microseconds. The worker is unref'd:
 * it never keeps the process alive.
 */
export class HelperThread {
  readonly scratch: Scratch;
  private readonly i32: Int32Array;
  readonly args: Float64Array;
  private gen = 0;

  private constructor(
    heap: WasmHeap,
    control: number,
    private readonly worker: WorkerLike,
    private readonly spin: number,
  ) {
    this.scratch = new Scratch(heap);
    this.i32 = new Int32Array(heap.memory.buffer, control, ARGS_OFFSET / 4);
    this.args = new Float64Array(heap.memory.buffer, control + ARGS_OFFSET, MAX_ARGS);
  }

  /** Start the worker and wait until it has instantiated the module. `spin`: idle polls before sleeping. */
  static async start(heap: WasmHeap, spin: number): Promise<HelperThread> {
    const { Worker } = await import('node:worker_threads');
    const control = heap.alloc(CONTROL_BYTES);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: heap.module, memory: heap.memory, control, spin, ops: HELPER_OPS },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the helper thread exited with code ${code} before it started`)));
    });
    worker.removeAllListeners();
    worker.unref();
    return new HelperThread(heap, control, worker, spin);
  }

  /** Run HELPER_OPS[op] on the helper with args[0..] as set by the caller; returns at once. */
  start(op: number): void {
    this.gen = (this.gen + 1) | 0;
    Atomics.store(this.i32, OP, op);
    Atomics.store(this.i32, GEN, this.gen);
    Atomics.notify(this.i32, GEN);
  }

  /** Wait until the helper has finished the job given to start(). */
  join(): void {
    const { i32, gen } = this;
    for (let s = 0; Atomics.load(i32, DONE) !== gen; s++) {
      if (s < this.spin) continue;
      const r = Atomics.wait(i32, DONE, (gen - 1) | 0, JOIN_TIMEOUT_MS);
      if (r === 'timed-out' && Atomics.load(i32, DONE) !== gen) {
        throw new Error(`wasm-simd-mt: the helper thread did not finish ${HELPER_OPS[Atomics.load(i32, OP)]} within ${JOIN_TIMEOUT_MS / 1000} s`);
      }
    }
    if (Atomics.load(i32, ERROR) !== 0) {
      Atomics.store(i32, ERROR, 0);
      throw new Error(`wasm-simd-mt: ${HELPER_OPS[Atomics.load(i32, OP)]} failed on the helper thread`);
    }
  }

  async dispose(): Promise<void> {
    this.start(QUIT);
    await this.worker.terminate();
  }
}
