#!/usr/bin/env node
// One training epoch of the paper's 784-512-10 net, batch 64, as the kernel calls nn and train
// make (Dense.forward/backward, the softmax cross-entropy gradient, the SGD update), on each
// backend; plus the evaluation pass over 10,000 test images in chunks of 1,000.
//
// Needs the build: `npx tsc -p tsconfig.build.json && node bench/epoch.mjs [--batches N] [--runs N] [backend...]`
// (or `pnpm bench`). Each backend runs in a child process of its own, so its peak RSS is its own.
//
// Data: synthetic bytes shaped like MNIST: a 4-pixel border of zeros, and inside the 20×20
// centre each pixel nonzero with probability 0.37 (so ~19% of all pixels, MNIST's share),
// values 1..255. A pool of 8,192 such images is cycled. Timing: each run trains a fixed number
// of batches (default 200) and the time is EXTRAPOLATED to the epoch's 938 batches.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as T from '../dist/index.js';

const EPOCH_BATCHES = 938, BATCH = 64, D = 784, H = 512, C = 10, POOL = 8192;
const LR = 0.1, L2 = 1e-4, SCALE = 0.99 / 255, OFFSET = 0.01;
/** Dense-equivalent multiply-adds ×2 of one batch: layer 1 forward + dW1, layer 2 forward + dW2 + dx. */
const FLOP_PER_BATCH = 2 * BATCH * (2 * D * H + 3 * H * C);

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : Number(argv.splice(i, 2)[1]);
};
const batches = opt('--batches', 200);
const runs = opt('--runs', 5);
const child = argv.includes('--child');
const names = argv.filter((a) => !a.startsWith('--'));

function syntheticImages(rng, count) {
  const p = T.allocUint8(count * D);
  for (let i = 0; i < count; i++) {
    for (let r = 4; r < 24; r++) {
      for (let c = 4; c < 24; c++) if (rng.next() < 0.37) p[i * D + r * 28 + c] = 1 + rng.int(255);
    }
  }
  return p;
}

function normal(rng, m, std) {
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * std;
  return m;
}

/** The net, its gradients and every per-batch buffer, allocated once in the backend's memory. */
function setup(rng) {
  const z = (r, c) => T.Matrix.zeros(r, c);
  const s = {
    W1: normal(rng, z(D, H), Math.sqrt(2 / D)), b1: z(1, H), W2: normal(rng, z(H, C), Math.sqrt(2 / H)), b2: z(1, C),
    db1: z(1, H), dW2: z(H, C), db2: z(1, C),
    z1: z(BATCH, H), a1: z(BATCH, H), z2: z(BATCH, C), a2: z(BATCH, C), y: z(BATCH, C), da1: z(BATCH, H),
    pixels: T.allocUint8(BATCH * D), pred: new Int32Array(BATCH), pool: syntheticImages(rng, POOL),
  };
  for (let i = 0; i < BATCH; i++) s.y.data[i * C + rng.int(C)] = 1;
  return s;
}

function trainBatch(s, b) {
  const start = (b * BATCH) % (POOL - BATCH);
  s.pixels.set(s.pool.subarray(start * D, (start + BATCH) * D)); // the trainer's gather
  const x = new T.ByteMatrix(BATCH, D, s.pixels, SCALE, OFFSET), m = BATCH;
  T.affineBytesMatmul(x, s.W1, s.z1);                      // z1 = x·W1 + b1
  T.addRowVector(s.z1, s.b1, s.z1);
  T.relu(s.z1, s.a1);                                      // a1 = relu(z1)
  T.matmul(s.a1, s.W2, { out: s.z2 });                     // z2 = a1·W2 + b2
  T.addRowVector(s.z2, s.b2, s.z2);
  T.softmaxRows(s.z2, s.a2);                               // a2 = softmax(z2)
  T.argmaxRows(s.a2, s.pred);
  T.axpy(-1, s.y, s.a2);                                   // dz2 = a2 − y
  T.matmul(s.a1, s.a2, { transA: true, out: s.dW2 });      // dW2 = a1ᵀ·dz2/m + λ/m·W2
  T.axpby(L2 / m, s.W2, 1 / m, s.dW2);
  T.scale(1 / m, T.colSums(s.a2, s.db2), s.db2);
  T.dot(s.W2, s.W2);                                       // ‖W2‖² for the L2 term
  T.matmul(s.a2, s.W2, { transB: true, out: s.da1 });      // da1 = dz2·W2ᵀ
  for (const [w, g] of [[s.W2, s.dW2], [s.b2, s.db2]]) T.axpy(-LR, g, w); // SGD on layer 2
  T.reluGrad(s.da1, s.z1, s.da1);                          // dz1 = da1 ⊙ relu'(z1)
  // W1 −= lr·(xᵀ·dz1/m + λ/m·W1) in one fused pass (also ‖W1‖²), as the trainer does
  T.affineBytesSgd(x, s.da1, s.W1, { lr: LR, gradScale: 1 / m, decay: L2 / m });
  T.scale(1 / m, T.colSums(s.da1, s.db1), s.db1);
  T.axpy(-LR, s.db1, s.b1);
}

function evaluate(s, ev) {
  for (let start = 0; start + 1000 <= POOL && start < 10_000; start += 1000) {
    const x = new T.ByteMatrix(1000, D, s.pool.subarray(start * D, (start + 1000) * D), SCALE, OFFSET);
    T.affineBytesMatmul(x, s.W1, ev.z1);
    T.addRowVector(ev.z1, s.b1, ev.z1);
    T.relu(ev.z1, ev.z1);
    T.matmul(ev.z1, s.W2, { out: ev.z2 });
    T.addRowVector(ev.z2, s.b2, ev.z2);
    T.softmaxRows(ev.z2, ev.z2);
    T.argmaxRows(ev.z2, ev.pred);
  }
  return Math.min(POOL, 10_000) / 1000; // chunks done
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function runChild(name) {
  await T.setBackend(name);
  const s = setup(new T.Rng(1));
  const ev = { z1: T.Matrix.zeros(1000, H), z2: T.Matrix.zeros(1000, C), pred: new Int32Array(1000) };
  for (let b = 0; b < 20; b++) trainBatch(s, b); // warm-up: JIT, page faults
  const epoch = [], evals = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    for (let b = 0; b < batches; b++) trainBatch(s, b);
    epoch.push(((performance.now() - t) / 1000) * (EPOCH_BATCHES / batches));
    t = performance.now();
    const chunks = evaluate(s, ev);
    evals.push(((performance.now() - t) / 1000) * (10 / chunks));
  }
  if (!s.W1.data.every(Number.isFinite)) throw new Error(`${name}: W1 became non-finite`);
  const med = median(epoch);
  console.log(JSON.stringify({
    backend: name, epochMedian: med, epochMin: Math.min(...epoch), evalMedian: median(evals),
    gflops: (FLOP_PER_BATCH * EPOCH_BATCHES) / med / 1e9, peakRssMB: process.resourceUsage().maxRSS / 1024,
  }));
  await T.activeBackend().dispose?.();
}

if (child) {
  await runChild(names[0]);
} else {
  const which = names.length ? names : ['js', 'wasm-simd', 'wasm-simd-mt'];
  console.log(`epoch = ${EPOCH_BATCHES} batches of ${BATCH}, 784-${H}-10; each run times ${batches} batches and EXTRAPOLATES to ${EPOCH_BATCHES}; ${runs} runs`);
  console.log('backend        epoch median   epoch min   GFLOP/s (dense-eq.)   eval 10k (median)   peak RSS');
  for (const name of which) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--batches', String(batches), '--runs', String(runs), name], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop());
    console.log(`${r.backend.padEnd(14)} ${r.epochMedian.toFixed(3).padStart(9)} s ${r.epochMin.toFixed(3).padStart(9)} s ${r.gflops.toFixed(1).padStart(12)}          ${(r.evalMedian * 1000).toFixed(1).padStart(9)} ms     ${r.peakRssMB.toFixed(0).padStart(5)} MB`);
  }
}
