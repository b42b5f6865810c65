// The sweep question of issue 17: on this machine's two cores, is a sweep faster running one
// trial at a time on both cores (wasm-simd-mt) or two trials at once on one core each (wasm-simd,
// what LocalThreadExecutor does today)? Two trials of E epochs each (the real training loop, one
// process per trial, as bench/run.mjs --child runs it), both ways, alternating, R rounds:
//   node bench/sweep-cores.mjs [--epochs 1] [--rounds 3]
// Prints the wall time of each way per round and their ratio. Needs the build.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const epochs = opt('epochs', '1'), rounds = Number(opt('rounds', '3'));

const trial = (backend) => new Promise((resolve, reject) => {
  const p = spawn(process.execPath, [join(here, 'run.mjs'), '--child', '--backend', backend, '--epochs', epochs], { stdio: ['ignore', 'ignore', 'inherit'] });
  p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`trial on ${backend} exited ${code}`))));
});
const timed = async (f) => { const t0 = performance.now(); await f(); return (performance.now() - t0) / 1000; };

const load = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '-');
console.log(`2 trials of ${epochs} epoch(s) each; load average at start ${load()}`);
const ratios = [];
for (let r = 1; r <= rounds; r++) {
  const oneAtATime = await timed(async () => { await trial('wasm-simd-mt'); await trial('wasm-simd-mt'); });
  const twoAtOnce = await timed(() => Promise.all([trial('wasm-simd'), trial('wasm-simd')]));
  ratios.push(oneAtATime / twoAtOnce);
  console.log(`round ${r}: one trial at a time on both cores ${oneAtATime.toFixed(1)} s, two at once on one core each ${twoAtOnce.toFixed(1)} s, ratio ${(oneAtATime / twoAtOnce).toFixed(2)}`);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`median ratio (one at a time / two at once) ${sorted[sorted.length >> 1].toFixed(2)}, range ${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}; load average at end ${load()}`);
