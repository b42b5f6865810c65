// Same-run A/B of two built checkouts of this repository: `bench/run.mjs --child` (E epochs of
// the real training loop, one process) of checkout A, then of B, then A, ... P pairs. For each
// pair: B's median epoch over A's (wall clock), B's median epoch CPU seconds over A's, B's
// evaluation of the 10,000 test images over A's. Prints each pair, then the median and range of
// each ratio, and the load average at start and end.
//   node bench/ab-builds.mjs A_DIR B_DIR [--pairs 7] [--epochs 3] [--backend wasm-simd-mt]
// Both directories need `npx -y pnpm@10.34.8 build` (their own bench/run.mjs is used).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const dirs = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))).map((d) => resolve(d));
if (dirs.length !== 2) {
  console.error('usage: node bench/ab-builds.mjs A_DIR B_DIR [--pairs 7] [--epochs 3] [--backend wasm-simd-mt]');
  process.exit(1);
}
for (const d of dirs) {
  if (!existsSync(join(d, 'bench', 'run.mjs'))) {
    console.error(`ab-builds: ${d} has no bench/run.mjs (expected a checkout of this repository)`);
    process.exit(1);
  }
}
const pairs = Number(opt('pairs', '7')), epochs = opt('epochs', '3'), backend = opt('backend', 'wasm-simd-mt');

const load = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '-');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** One child run of checkout dir: its median epoch (wall, CPU) and evaluation seconds. */
function child(dir) {
  const p = spawnSync(process.execPath, [join(dir, 'bench', 'run.mjs'), '--child', '--backend', backend, '--epochs', epochs], { encoding: 'utf8' });
  if (p.status !== 0) {
    console.error(`ab-builds: ${dir}: bench/run.mjs --child exited ${p.status}\n${p.stderr}`);
    process.exit(1);
  }
  const r = JSON.parse(p.stdout.trim().split('\n').at(-1));
  return { wall: median(r.epochSeconds), cpu: median(r.epochCpuSeconds), evalS: r.evalSeconds };
}

console.log(`A = ${dirs[0]}\nB = ${dirs[1]}\n${pairs} pairs of ${epochs} epoch(s) on ${backend}; load average at start ${load()}`);
const ratios = { wall: [], cpu: [], evalS: [] };
for (let i = 1; i <= pairs; i++) {
  const a = child(dirs[0]), b = child(dirs[1]);
  for (const key of Object.keys(ratios)) ratios[key].push(b[key] / a[key]);
  console.log(`pair ${i}: A ${a.wall.toFixed(3)} s/epoch (CPU ${a.cpu.toFixed(3)} s, eval ${(a.evalS * 1000).toFixed(0)} ms), ` +
    `B ${b.wall.toFixed(3)} s/epoch (CPU ${b.cpu.toFixed(3)} s, eval ${(b.evalS * 1000).toFixed(0)} ms): B/A wall ${(b.wall / a.wall).toFixed(3)}, CPU ${(b.cpu / a.cpu).toFixed(3)}`);
}
for (const [key, label] of [['wall', 'median epoch, wall'], ['cpu', 'median epoch, CPU'], ['evalS', 'evaluation of 10k, wall']]) {
  const xs = ratios[key];
  console.log(`B/A ${label}: median ${median(xs).toFixed(3)}, range ${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`);
}
console.log(`load average at end ${load()}`);
