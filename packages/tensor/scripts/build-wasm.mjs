#!/usr/bin/env node
// Assembles src/backends/wasm/kernels.wat into the committed src/backends/wasm/kernels-wasm.ts
// (the repository's scripts/wat2ts.mjs does the work; `--check` and `--wat F` as it says).
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { wat2ts } from '../../../scripts/wat2ts.mjs';

await wat2ts({
  wabt,
  dir: fileURLToPath(new URL('../src/backends/wasm/', import.meta.url)),
  wat: 'kernels.wat',
  out: 'kernels-wasm.ts',
  constName: 'KERNELS_WASM_BASE64',
  features: { simd: true, threads: true, bulk_memory: true },
  about: 'SIMD, shared memory',
});
