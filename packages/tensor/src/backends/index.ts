import type { Backend } from '../kernels.js';
import { jsBackend } from './js.js';
import { referenceBackend } from './reference.js';
import { wasmSimdBackend, wasmSimdMtBackend } from './wasm/backend.js';

/**
 * Every backend the package ships, registered in this order by the registry. A new backend goes
 * here (a plain `{ name, priority, init?, kernels }` value; see kernels.ts) and into the README's
 * table; `setBackend('auto')` picks by priority among those that pass the conformance check.
 */
export const BUILT_IN_BACKENDS: readonly Backend[] = [referenceBackend, jsBackend, wasmSimdBackend, wasmSimdMtBackend];
