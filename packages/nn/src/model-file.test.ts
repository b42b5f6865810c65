import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@mnist-ts/tensor';
import { writeFileAtomic } from './atomic-write.js';
import { decodeModel, encodeModel, loadModel, saveModel } from './model-file.js';
import { type F32Tensor, encodeSafetensors } from './safetensors.js';
import { PARAM_NAMES, TwoLayerNet } from './two-layer-net.js';

const dir = mkdtempSync(join(tmpdir(), 'nn-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = (shape: number[], fill = 0.5): F32Tensor => ({ dtype: 'F32', shape, data: new Float32Array(shape.reduce((p, d) => p * d, 1)).fill(fill) });
/** A well-formed MNIST-sized model file (H = 2), with `change` applied to its tensors. */
function modelBytes(change: Record<string, F32Tensor | undefined> = {}, metadata: Record<string, string> = { format: 'mnist-two-layer/1' }): Uint8Array {
  const tensors: Record<string, F32Tensor | undefined> = { W1: t([784, 2]), b1: t([2]), W2: t([2, 10]), b2: t([10]), ...change };
  const present = Object.fromEntries(Object.entries(tensors).filter((e): e is [string, F32Tensor] => e[1] !== undefined));
  return encodeSafetensors(present, metadata);
}
const decode = (bytes: Uint8Array) => () => decodeModel(bytes, 'model.safetensors');

describe('model file: save and load', () => {
  it('round-trips the weights and the metadata; b1 and b2 are 1-D', () => {
    const net = new TwoLayerNet({ hidden: 16 }, new Rng(3));
    const path = join(dir, 'model.safetensors');
    saveModel(path, net, { testAccuracy: '0.9812', epochs: '50', seed: '3', spec: '{"name":"x"}' });
    expect(readdirSync(dir)).toEqual(['model.safetensors']); // no temporary file left behind
    const { net: back, metadata } = loadModel(path);
    for (const name of PARAM_NAMES) expect(back[name].data).toEqual(net[name].data);
    expect(back.config).toEqual(net.config);
    expect({ ...metadata }).toEqual({
      normalization: 'x/255*0.99+0.01',
      testAccuracy: '0.9812',
      epochs: '50',
      seed: '3',
      spec: '{"name":"x"}',
      format: 'mnist-two-layer/1',
      hidden: '16',
      activation: 'relu',
    });
    const n = Number(Buffer.from(readFileSync(path)).readBigUInt64LE(0));
    const header = JSON.parse(readFileSync(path).subarray(8, 8 + n).toString()) as Record<string, { shape: number[] }>;
    expect(PARAM_NAMES.map((k) => header[k]!.shape)).toEqual([[784, 16], [16], [16, 10], [10]]);
  });

  it('loads a file written by numpy (fixtures/golden.py), not by us', () => {
    const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as { params: Record<string, number[] | number[][]> };
    const { net, metadata } = loadModel(new URL('./fixtures/golden-model.safetensors', import.meta.url).pathname, { inputs: 6, outputs: 3 });
    for (const name of PARAM_NAMES) expect(Array.from(net[name].data)).toEqual(golden.params[name]!.flat().map(Math.fround));
    expect(metadata.writer).toBe('golden.py');
  });

  it('caller metadata may set the normalization but not format, hidden or activation', () => {
    const net = new TwoLayerNet({ hidden: 3 }, new Rng(1));
    const { metadata } = decodeModel(encodeModel(net, { normalization: 'x/255', format: 'evil', hidden: '9', activation: 'tanh' }));
    expect([metadata.normalization, metadata.format, metadata.hidden, metadata.activation]).toEqual(['x/255', 'mnist-two-layer/1', '3', 'relu']);
  });

  it('writes atomically: a failed write leaves nothing, an existing file is replaced whole', () => {
    const net = new TwoLayerNet({ hidden: 4 }, new Rng(2));
    expect(() => saveModel(join(dir, 'missing-dir', 'm.safetensors'), net)).toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
    const path = join(dir, 'replace.safetensors');
    writeFileSync(path, 'old');
    saveModel(path, net);
    expect(loadModel(path).net.W1.data).toEqual(net.W1.data);
    writeFileAtomic(join(dir, 'text.txt'), 'hello\n');
    expect(readFileSync(join(dir, 'text.txt'), 'utf8')).toBe('hello\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  const sample = process.env.NN_SAMPLE_MODEL;
  it.runIf(sample)('opt-in: writes a sample model for fixtures/load_safetensors.py (NN_SAMPLE_MODEL=path)', () => {
    const path = sample!;
    saveModel(path, new TwoLayerNet({ hidden: 16 }, new Rng(1)), { seed: '1', epochs: '0' });
    expect(loadModel(path).net.config.hidden).toBe(16);
  });
});

describe('model file: every defect has its own error', () => {
  it('READ_FAILED: no such file', () => {
    expect(() => loadModel('no-such-model.safetensors')).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: no-such-model.safetensors: cannot read the model file: no such file]`,
    );
  });
  it('MISSING_TENSOR', () => {
    expect(decode(modelBytes({ b2: undefined }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: no tensor "b2"; a model holds W1, b1, W2, b2 (found: W1, b1, W2)]`,
    );
  });
  it('SHAPE_MISMATCH: W1 not [784, H]', () => {
    expect(decode(modelBytes({ W1: t([100, 2]) }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: tensor "W1" should be [784,H] with H >= 1, found [100,2]]`,
    );
  });
  it('SHAPE_MISMATCH: b1 disagrees with W1', () => {
    expect(decode(modelBytes({ b1: t([3]) }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: tensor "b1" should be [2] to match W1 [784,2], found [3]]`,
    );
  });
  it('SHAPE_MISMATCH: W2 disagrees with W1', () => {
    expect(decode(modelBytes({ W2: t([3, 10]) }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: tensor "W2" should be [2,10] to match W1 [784,2] and 10 outputs, found [3,10]]`,
    );
  });
  it('SHAPE_MISMATCH: b2 not [10], e.g. 2-D', () => {
    expect(decode(modelBytes({ b2: t([1, 10]) }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: tensor "b2" should be [10] for 10 outputs, found [1,10]]`,
    );
  });
  it('SHAPE_MISMATCH: __metadata__.hidden disagrees with W1', () => {
    expect(decode(modelBytes({}, { hidden: '512' }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: __metadata__.hidden is "512" but W1 has 2 hidden units]`,
    );
  });
  it('WRONG_FORMAT', () => {
    expect(decode(modelBytes({}, { format: 'resnet/2' }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: model.safetensors: __metadata__.format is "resnet/2", expected "mnist-two-layer/1"]`,
    );
  });
  it('NON_FINITE: names the tensor', () => {
    const W2 = t([2, 10]);
    W2.data[7] = Infinity;
    expect(decode(modelBytes({ W2 }))).toThrowErrorMatchingInlineSnapshot(`[ModelFileError: model.safetensors: tensor "W2" holds Infinity at flat index 7]`);
  });
  it('accepts a file without metadata (any safetensors writer) and ignores extra tensors', () => {
    const { net } = decodeModel(modelBytes({ momentum: t([4]) }, {}));
    expect(net.config.hidden).toBe(2);
  });
});
