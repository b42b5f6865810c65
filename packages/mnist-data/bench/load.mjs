// Loads all 70,000 MNIST images five times and prints the median load time and the memory held.
// Run after a build: `npx tsc -p tsconfig.build.json && node bench/load.mjs` (or `pnpm bench`).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FEATURES, batchOrder, fillBatch, loadMnist } from '../dist/index.js';

setFlagsFromString('--expose-gc'); // a gc() for honest memory numbers without a node flag
const gc = runInNewContext('gc');
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

gc();
const before = process.memoryUsage();
const times = [];
let data;
for (let run = 0; run < 5; run++) {
  data = undefined;
  gc();
  const t0 = performance.now();
  data = loadMnist();
  times.push(performance.now() - t0);
}
gc();
const after = process.memoryUsage();
const { train, test } = data;
const pixels = train.images.length + test.images.length;

// One epoch of batch filling (shuffled order, batch 64, 'paper' normalisation), the data path of training.
const batch = 64;
const x = new Float32Array(batch * FEATURES);
const y = new Float32Array(batch * 10);
const t1 = performance.now();
const order = batchOrder(train.count, 1, 0);
for (let start = 0; start < train.count; start += batch) {
  fillBatch(train, order, start, Math.min(start + batch, train.count), x, y, 'paper');
}
const epochMs = performance.now() - t1;

console.log(`load all 70,000 images (train ${train.count} + test ${test.count}), 5 runs`);
console.log(`  median ${median(times).toFixed(1)} ms   (runs: ${times.map((t) => t.toFixed(1)).join(', ')} ms)`);
console.log(`  pixel data ${mb(pixels)}   rss ${mb(after.rss)} (before loading ${mb(before.rss)})   array buffers ${mb(after.arrayBuffers)}`);
console.log(`fill one shuffled epoch of batches of ${batch}: ${epochMs.toFixed(0)} ms (${Math.round((train.count / epochMs) * 1000)} images/s)`);
