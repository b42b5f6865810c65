import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCsv, frameDigit, loadMnist, normalization } from '@mnist-ts/mnist-data';
import { TwoLayerNet, saveModel } from '@mnist-ts/nn';
import { ByteMatrix, Rng } from '@mnist-ts/tensor';
import { main } from '../main.js';
import { fakeIo } from '../test-io.js';

const DIGITS = join(import.meta.dirname, '..', '..', 'fixtures', 'digits');
const dir = mkdtempSync(join(tmpdir(), 'mnist-model-'));
const modelPath = join(dir, 'model.safetensors');
const test = loadMnist('test');
let net: TwoLayerNet;

beforeAll(() => {
  // A small random network: the checks below compare the CLI with the network itself, not with labels.
  net = new TwoLayerNet({ inputs: 784, hidden: 16, outputs: 10 }, new Rng(3));
  saveModel(modelPath, net, { seed: '3' });
});

async function run(...argv: string[]) {
  const io = fakeIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('mnist evaluate', () => {
  it('--json gives accuracy, loss, perClass, confusion and n, agreeing with the network', async () => {
    const csv = join(dir, 'small.csv');
    writeFileSync(csv, encodeCsv(test.take(50)));
    const r = await run('evaluate', modelPath, '--data', csv, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const res = JSON.parse(lines[0]!) as { type: string; n: number; accuracy: number; loss: number; perClass: (number | null)[]; confusion: number[][] };
    expect(res.type).toBe('result');
    expect(res.n).toBe(50);
    const direct = net.evaluateBytes(test.images, test.labels, 50, normalization('paper'));
    expect(res.accuracy).toBeCloseTo(direct.accuracy, 12);
    expect(res.loss).toBeCloseTo(direct.loss, 6);
    expect(res.perClass).toHaveLength(10);
    expect(res.confusion.flat().reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('prints a table without --json', async () => {
    const csv = join(dir, 'tiny.csv');
    writeFileSync(csv, encodeCsv(test.take(10)));
    const r = await run('evaluate', modelPath, '--data', csv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model {5}.*model\.safetensors \(784-16-10\)\ndata {6}.*\(10 images\)\naccuracy {2}\d+\.\d\d%\nloss {6}\d+\.\d{4}\n/);
    expect(r.out).toContain('confusion (rows: true digit, columns: predicted)');
  });

  it('names a data file it cannot read', async () => {
    const r = await run('evaluate', modelPath, '--data', join(dir, 'nope.bin'));
    expect(r.code).toBe(1);
    expect(r.err.replace(dir, '<dir>').replace(dir, '<dir>')).toMatchInlineSnapshot(`
      "error: data file <dir>/nope.bin not found (looked for <dir>/nope.bin)
      "
    `);
  });

  it('names a file that is not a model', async () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, 'not a model');
    const r = await run('evaluate', bad);
    expect(r.code).toBe(1);
    expect(r.err.startsWith(`error: ${bad}: `)).toBe(true);
    expect(r.err).not.toContain('    at '); // no stack trace without --debug
  });
});

describe('mnist predict', () => {
  it('gives each image the network’s probabilities for the MNIST pixels it holds', async () => {
    const files = ['test-0-label-7.png', 'test-5-label-1.pgm', 'test-7-label-9-inverted-56.png'].map((f) => join(DIGITS, f));
    const r = await run('predict', modelPath, ...files, '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as { type: string; predictions: { file: string; label: number; probabilities: number[]; inverted: boolean }[] };
    expect(res.type).toBe('result');
    const norm = normalization('paper');
    // 28×28 images are read as they are; the 56×56 one (test image 7, each pixel doubled, black on
    // white) is inverted and framed like MNIST: the same framing applied to the 56×56 original.
    const doubled = new Uint8Array(56 * 56).map((_, i) => test.image(7)[Math.floor(Math.floor(i / 56) / 2) * 28 + Math.floor((i % 56) / 2)]!);
    const inputs = [test.image(0).slice(), test.image(5).slice(), frameDigit(doubled, 56, 56)];
    inputs.forEach((pixels, k) => {
      const p = res.predictions[k]!;
      expect(p.file).toBe(files[k]);
      const expected = Array.from(net.forward(new ByteMatrix(1, 784, pixels, norm.scale, norm.offset)).data.subarray(0, 10));
      p.probabilities.forEach((v, d) => expect(v).toBeCloseTo(expected[d]!, 6));
      expect(p.label).toBe(expected.indexOf(Math.max(...expected)));
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    });
    expect(res.predictions.map((p) => p.inverted)).toEqual([false, false, true]);
  });

  it('prints one line per image without --json', async () => {
    const r = await run('predict', modelPath, join(DIGITS, 'test-7-label-9-inverted-56.png'));
    expect(r.out).toMatch(/test-7-label-9-inverted-56\.png {2}\d {2}\d+\.\d\d% {2}\(next: \d \d+\.\d%, \d \d+\.\d%\) {2}inverted, framed from 56×56\n$/);
  });

  it('names an image it cannot read', async () => {
    const jpg = join(dir, 'photo.jpg');
    writeFileSync(jpg, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const r = await run('predict', modelPath, jpg);
    expect(r.code).toBe(1);
    expect(r.err.replace(dir, '<dir>')).toMatchInlineSnapshot(`
      "error: <dir>/photo.jpg: expected a PNG or a PGM (P5 or P2) image, found bytes ff d8 ff e0 (a JPEG? convert it to PNG)
      "
    `);
  });
});
