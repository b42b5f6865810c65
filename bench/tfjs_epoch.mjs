// The benchmark's TensorFlow.js peer: the same algorithm as bench/numpy_epoch.py, written with tf ops.
//
// 784-512-10, ReLU, softmax + cross-entropy (dz2 = a2 - y), L2 λ/m on W, He-normal init, batch 64,
// one shuffled epoch per measurement, then evaluation of the 10,000 test images. The forward,
// backward and update are spelled out op by op (no tf.layers / model.fit / optimizers), so the
// work per batch is the same as numpy's and ours; the input-gradient of layer 1 is never computed.
//
// Usage:  node bench/tfjs_epoch.mjs <dir with the IDX files> [epochs=1] [backend=wasm|cpu] [maxBatches]
// (maxBatches cuts each epoch short: the cpu backend needs ~2 min per full epoch.)
// TF.js is not a workspace dependency (CI must not download it): on first use it is installed, pinned,
// into bench/.peers/ (git-ignored) with npm, and loaded from there. The wasm backend's .wasm binaries
// ship inside its npm package and are read from disk; nothing is fetched at run time.
// Prints one JSON object (last line of stdout); progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TFJS = '4.22.0'; // newest stable 4.x on npm (4.23.0 is only an rc); runs on Node 20
const here = dirname(fileURLToPath(import.meta.url));
const peers = join(here, '.peers');
const [dataDir, epochsArg = '1', backendName = 'wasm', maxBatchesArg] = process.argv.slice(2);
if (!dataDir) { console.error('usage: node bench/tfjs_epoch.mjs <mnist dir> [epochs=1] [backend=wasm|cpu] [maxBatches]'); process.exit(2); }
const epochs = Number(epochsArg);
const log = (s) => process.stderr.write(`tfjs: ${s}\n`);

// --- TF.js from bench/.peers, installed on demand -------------------------------------------
const installed = (pkg) => {
  const p = join(peers, 'node_modules', pkg, 'package.json');
  return existsSync(p) && JSON.parse(readFileSync(p, 'utf8')).version === TFJS;
};
if (!installed('@tensorflow/tfjs-core') || !installed('@tensorflow/tfjs-backend-wasm')) {
  log(`installing @tensorflow/tfjs-core@${TFJS} and tfjs-backend-wasm@${TFJS} into ${peers}...`);
  const t0 = performance.now();
  const r = spawnSync('npm', ['install', '--prefix', peers, '--no-save', '--no-audit', '--no-fund',
    `@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-wasm@${TFJS}`], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) { console.error(`tfjs: npm install failed (${r.error?.message ?? `exit ${r.status}`})`); process.exit(1); }
  log(`installed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// CommonJS node builds; the backends resolve '@tensorflow/tfjs-core' to this same copy.
const peerRequire = createRequire(join(peers, 'node_modules', '.resolve-from-here.js'));
const tf = peerRequire('@tensorflow/tfjs-core');
let wasmBinary = null;
if (backendName === 'wasm') {
  const wasm = peerRequire('@tensorflow/tfjs-backend-wasm');
  // The .wasm files sit next to the package's main script; point at them as a plain path.
  wasm.setWasmPaths(dirname(peerRequire.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
  // Which binary init() will pick (the same rule as its getPathToWasmBinary). Under Node the
  // multithread flag is hard-wired to false (tfjs#3830), so at best this is the 1-thread SIMD build.
  const [simd, threads] = [await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')];
  wasmBinary = simd && threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
} else if (backendName === 'cpu') {
  peerRequire('@tensorflow/tfjs-backend-cpu'); // a dependency of tfjs-backend-wasm, same version
}
if (!(await tf.setBackend(backendName))) { console.error(`tfjs: backend ${backendName} failed to initialise`); process.exit(1); }
await tf.ready();

// --- MNIST, as paper_numpy.load_mnist: raw IDX files, x = p/255·0.99 + 0.01 ------------------
const idx = (name, offset) => new Uint8Array(readFileSync(join(dataDir, name)).buffer, offset);
const norm = (p) => { const x = new Float32Array(p.length); for (let i = 0; i < p.length; i++) x[i] = (p[i] / 255) * 0.99 + 0.01; return x; };
const Xtr = norm(idx('train-images-idx3-ubyte', 16)), ytr = idx('train-labels-idx1-ubyte', 8);
const Xte = norm(idx('t10k-images-idx3-ubyte', 16)), yte = idx('t10k-labels-idx1-ubyte', 8);
const N = ytr.length, D = 784, H = 512, K = 10, B = 64;

// --- He-normal init N(0, sqrt(2/fan_in)) of weights and biases, seeded (mulberry32 + Box-Muller) ---
let seed = 1;
const rand = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const he = (shape, fanIn) => tf.variable(tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, () => gauss() * Math.sqrt(2 / fanIn)), shape));

// Layout. The wasm backend sends every matMul with a transpose flag (or a batch dim) to a naive
// scalar triple loop (slow_batch_matmul in tfjs-backend-wasm's batch_mat_mul_impl.cc: ~50 ms a
// batch here with the flags, ~10× this layout); only a plain a·b reaches XNNPACK. And XNNPACK
// treats b as constant weights: it packs b into an operator cached by tensor id, so a b that
// changes every step (W1 in x·W1) is repacked every step.
// So layer 1 runs transposed, with W1 kept pre-transposed as W1t = W1ᵀ [512×784] and the batch as
// the b operand: z1ᵀ = W1t·xᵀ, dW1ᵀ = dz1ᵀ·x. Every b is then a small per-batch matrix, and the
// only transposes are of small ones (a1ᵀ, dz2; xᵀ is written directly). Same math, other layout.
const W1t = he([H, D], D), b1 = he([H, 1], D), W2 = he([H, K], H), b2 = he([1, K], H);

const xBuf = new Float32Array(B * D), xtBuf = new Float32Array(D * B), yBuf = new Float32Array(B * K);
function step(order, s, lr, lam) {
  const m = Math.min(B, N - s); // the last batch is short (60,000 = 937·64 + 32)
  yBuf.fill(0);
  for (let r = 0; r < m; r++) {
    const i = order[s + r];
    for (let j = 0; j < D; j++) { const v = Xtr[i * D + j]; xBuf[r * D + j] = v; xtBuf[j * m + r] = v; }
    yBuf[r * K + ytr[i]] = 1;
  }
  tf.tidy(() => {
    const x = tf.tensor2d(xBuf.subarray(0, m * D), [m, D]), xt = tf.tensor2d(xtBuf.subarray(0, D * m), [D, m]);
    const y = tf.tensor2d(yBuf.subarray(0, m * K), [m, K]);
    const z1t = tf.add(tf.matMul(W1t, xt), b1); //                                  z1ᵀ = W1ᵀ·xᵀ + b1ᵀ  [512×m]
    const a1t = tf.relu(z1t);
    const a2 = tf.softmax(tf.add(tf.matMul(tf.transpose(a1t), W2), b2)); //           softmax(a1·W2 + b2)  [m×10]
    const dz2 = tf.sub(a2, y); //                                                     softmax + cross-entropy
    const dW2 = tf.add(tf.div(tf.matMul(a1t, dz2), m), tf.mul(W2, lam / m)); //           a1ᵀ·dz2/m + λ/m·W2
    const db2 = tf.div(tf.sum(dz2, 0, true), m);
    const dz1t = tf.mul(tf.matMul(W2, tf.transpose(dz2)), tf.step(z1t)); //     dz1ᵀ = (W2·dz2ᵀ) ⊙ [z1ᵀ > 0]
    const dW1t = tf.add(tf.div(tf.matMul(dz1t, x), m), tf.mul(W1t, lam / m)); //   dW1ᵀ = dz1ᵀ·x/m + λ/m·W1ᵀ
    const db1 = tf.div(tf.sum(dz1t, 1, true), m);
    for (const [v, g] of [[W1t, dW1t], [b1, db1], [W2, dW2], [b2, db2]]) v.assign(tf.sub(v, tf.mul(g, lr)));
  });
}

// Evaluation, row-major: x·W1 + b1 with W1 = W1tᵀ transposed once (packing 10,000×784 xᵀ would cost more).
const predict = (x) => tf.tidy(() => {
  const a1 = tf.relu(tf.add(tf.matMul(x, tf.transpose(W1t)), tf.reshape(b1, [1, H])));
  return tf.argMax(tf.softmax(tf.add(tf.matMul(a1, W2), b2)), 1);
});

const maxBatches = maxBatchesArg ? Number(maxBatchesArg) : Infinity;
const order = Uint32Array.from({ length: N }, (_, i) => i);
const epochSeconds = [];
let lr = 0.1, batches = 0;
for (let e = 0; e < epochs; e++) {
  for (let i = N - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const t0 = performance.now();
  batches = 0;
  for (let s = 0; s < N && batches < maxBatches; s += B, batches++) step(order, s, lr, 1e-4);
  b2.dataSync(); // the wasm and cpu backends run synchronously; this just makes sure
  epochSeconds.push((performance.now() - t0) / 1000);
  lr *= 0.95;
  log(`epoch ${e + 1}: ${epochSeconds.at(-1).toFixed(3)} s, ${batches} batches, ${tf.memory().numTensors} live tensors`);
}

const xTest = tf.tensor2d(Xte, [yte.length, D]);
const t0 = performance.now();
const pred = predict(xTest).dataSync();
const evalSeconds = (performance.now() - t0) / 1000;
let correct = 0;
for (let i = 0; i < yte.length; i++) correct += pred[i] === yte[i] ? 1 : 0;

console.log(JSON.stringify({
  epochs, epochSeconds, evalSeconds, testAcc: correct / yte.length, peakRssMB: process.resourceUsage().maxRSS / 1024,
  tfjs: tf.version_core, backend: tf.getBackend(), ...(wasmBinary && { wasmBinary }), ...(batches < Math.ceil(N / B) && { batches }),
}));
