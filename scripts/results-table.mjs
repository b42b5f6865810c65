// Prints the markdown tables of docs/RESULTS.md from run directories, so each number on that page
// comes from a file a reader can regenerate:  node scripts/results-table.mjs runs/best-seed1 ...
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// Train accuracy is measured here by a full pass of each saved model over the 60,000 training
// images (as the paper reports it), not taken from the running per-epoch average.
const pkg = (name) => import(new URL(`../packages/${name}/dist/index.js`, import.meta.url).href);
const [{ setBackend }, { loadModel }, { loadMnist, normalization }] = await Promise.all([pkg('tensor'), pkg('nn'), pkg('mnist-data')]);
await setBackend('auto');
const { train } = loadMnist();

const rows = process.argv.slice(2).map((dir) => {
  const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
  const last = metrics.at(-1);
  const model = join(dir, 'model.safetensors');
  const fullPass = existsSync(model) ? loadModel(model).net.evaluateBytes(train.images, train.labels, train.count, normalization('paper')).accuracy : NaN;
  const secs = metrics.reduce((s, m) => s + m.seconds, 0);
  return { dir, seed: spec.seed, epochs: metrics.length, trainAcc: fullPass, testAcc: last.testAcc, testLoss: last.testLoss, secs, perEpoch: secs / metrics.length, metrics };
});


const pct = (x) => (100 * x).toFixed(2) + '%';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log('| run | seed | epochs | train acc (full pass) | test acc | test loss | training time | s/epoch |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| \`${r.dir}\` | ${r.seed} | ${r.epochs} | ${pct(r.trainAcc)} | ${pct(r.testAcc)} | ${r.testLoss.toFixed(4)} | ${r.secs.toFixed(1)} s | ${r.perEpoch.toFixed(2)} |`);
console.log(`| **median** | | | ${pct(median(rows.map((r) => r.trainAcc)))} | ${pct(median(rows.map((r) => r.testAcc)))} | ${median(rows.map((r) => r.testLoss)).toFixed(4)} | | ${median(rows.map((r) => r.perEpoch)).toFixed(2)} |`);
if (process.env.EPOCHS) {
  const r = rows[Number(process.env.EPOCHS)];
  console.log('\n| epoch | lr | train loss (data + L2) | L2 term | train acc | test loss | test acc | s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const m of r.metrics) console.log(`| ${m.epoch} | ${m.lr.toPrecision(3)} | ${m.trainLoss.toFixed(4)} | ${(m.l2Loss ?? 0).toFixed(5)} | ${pct(m.trainAcc)} | ${m.testLoss.toFixed(4)} | ${pct(m.testAcc)} | ${m.seconds.toFixed(2)} |`);
}
