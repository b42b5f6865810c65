// Rewrites the golden images in src/__golden__/ from the current code and reports what changed.
// Usage (from packages/viz): node scripts/refresh-golden.mjs
// Look at every changed image before keeping it: a golden is only as good as the eye that passed it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(pkg, 'src', '__golden__');

/** name -> decoded image of every golden now on disk. */
function snapshot() {
  const out = new Map();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.png'))) out.set(f, pngjs.PNG.sync.read(readFileSync(join(dir, f))));
  return out;
}

/** Differing pixels, or null when the sizes differ. */
function diff(a, b) {
  if (a.width !== b.width || a.height !== b.height) return null;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2] || a.data[i + 3] !== b.data[i + 3]) n++;
  }
  return n;
}

const before = snapshot();
const run = spawnSync('npx', ['vitest', 'run'], { cwd: pkg, stdio: 'inherit', env: { ...process.env, UPDATE_GOLDEN: '1' } });
const after = snapshot();
let changed = 0;
for (const [name, img] of after) {
  const old = before.get(name);
  if (old === undefined) { console.log(`new:       ${name} (${img.width}x${img.height})`); changed++; continue; }
  const d = diff(old, img);
  if (d === 0) continue;
  changed++;
  console.log(d === null
    ? `changed:   ${name}: size ${old.width}x${old.height} -> ${img.width}x${img.height}`
    : `changed:   ${name}: ${d} of ${img.width * img.height} pixels`);
}
for (const name of before.keys()) if (!after.has(name)) console.log(`gone:      ${name} (no test writes it any more; delete it)`);
console.log(changed === 0 ? `goldens: ${after.size} unchanged` : `goldens: ${changed} of ${after.size} new or changed`);
process.exit(run.status ?? 1);
