export { Matrix, ByteMatrix, shapeOf } from './matrix.js';
export * from './ops.js';
export type { Backend, Kernels, KernelName } from './kernels.js';
export { KERNEL_NAMES } from './kernels.js';
export { registerBackend, listBackends, getBackend, setBackend, activeBackend, initBackend, kernel, allocFloat32, allocUint8 } from './registry.js';
export { checkBackend, EDGE_SHAPES, QUICK_SHAPES, CONFORMANCE_TOLERANCE, type Shape3 } from './conformance.js';
export { referenceBackend, referenceKernels } from './backends/reference.js';
export { jsBackend } from './backends/js.js';
export { composedAffineBytesSgd } from './backends/composed.js';
export { Rng, type RngState } from './random.js';

// The WebAssembly SIMD backends (single- and two-threaded) join the registry with the package.
import { registerBackend as register } from './registry.js';
import { wasmSimdBackend, wasmSimdMtBackend } from './backends/wasm/backend.js';
register(wasmSimdBackend);
register(wasmSimdMtBackend);
