// Writes what a run of seed N starts from — the He-normal weights and every epoch's batch order —
// so numpy can train from exactly the same start (crosscheck.py) and the two can be compared.
//   node bench/crosscheck/export-start.mjs <seed> <out-dir> [epochs=50]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const pkg = (name) => import(new URL(`../../packages/${name}/dist/index.js`, import.meta.url).href);
const [{ initialState, PAPER_CONFIG }, { encodeModel }, { batchOrder }] = await Promise.all([pkg('train'), pkg('nn'), pkg('mnist-data')]);
const [seed = '1', out = 'crosscheck', epochs = '50'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const { net } = initialState({ ...PAPER_CONFIG, seed: Number(seed) });
writeFileSync(join(out, 'init.safetensors'), encodeModel(net));
const orders = new Uint32Array(Number(epochs) * 60000);
for (let e = 0; e < Number(epochs); e++) orders.set(batchOrder(60000, Number(seed), e), e * 60000);
writeFileSync(join(out, 'orders.u32'), Buffer.from(orders.buffer));
console.log(`wrote ${out}/init.safetensors and ${out}/orders.u32 (${epochs} epochs)`);
