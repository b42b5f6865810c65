// Compare the tensors of two safetensors files byte for byte (the metadata holds timestamps and
// the spec, so it is skipped): node bench/same-weights.mjs a.safetensors b.safetensors
// Prints one line per tensor and exits 1 unless every tensor's bytes are identical.
import { readFileSync } from 'node:fs';

function tensors(path) {
  const buf = readFileSync(path);
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8'));
  const data = buf.subarray(8 + headerLen);
  const out = new Map();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    out.set(name, { dtype: t.dtype, shape: t.shape, bytes: data.subarray(t.data_offsets[0], t.data_offsets[1]) });
  }
  return out;
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/same-weights.mjs a.safetensors b.safetensors');
  process.exit(1);
}
const ta = tensors(a), tb = tensors(b);
let same = ta.size === tb.size;
for (const [name, x] of ta) {
  const y = tb.get(name);
  const eq = !!y && x.dtype === y.dtype && JSON.stringify(x.shape) === JSON.stringify(y.shape) && x.bytes.equals(y.bytes);
  same &&= eq;
  console.log(`${name} ${x.dtype} [${x.shape}] ${x.bytes.length} bytes: ${eq ? 'identical' : 'DIFFERENT'}`);
}
console.log(same ? 'all tensors byte-identical' : 'tensors differ');
process.exit(same ? 0 : 1);
