#!/usr/bin/env node
// Assembles src/augment/warp.wat into the committed src/augment/warp-wasm.ts (the repository's
// scripts/wat2ts.mjs does the work, as for @mnist-ts/tensor's kernels; `--check` and `--wat F` as
// it says).
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { wat2ts } from '../../../scripts/wat2ts.mjs';

await wat2ts({
  wabt,
  dir: fileURLToPath(new URL('../src/augment/', import.meta.url)),
  wat: 'warp.wat',
  out: 'warp-wasm.ts',
  constName: 'WARP_WASM_BASE64',
  features: { simd: true, bulk_memory: true },
  about: 'SIMD',
});
