/**
 * Hostile input files for the reliability tests, made on the fly: model files, images, data
 * files and specs that are broken, oversized or made to hurt. Each builder writes into `dir` and
 * returns the path.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { TwoLayerNet, encodeModel } from '@mnist-ts/nn';
import { Rng } from '@mnist-ts/tensor';

/** A valid model of 16 hidden units: the base the broken ones are made from. */
export function goodModelBytes(): Uint8Array {
  return encodeModel(new TwoLayerNet({ inputs: 784, hidden: 16, outputs: 10 }, new Rng(3)), { seed: '3' });
}

export function write(dir: string, name: string, data: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/** A safetensors file: the 8-byte length of `header` (or `lengthField`), the header, `data`. */
export function safetensors(header: string | object, data: Uint8Array = new Uint8Array(0), lengthField?: bigint): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const out = Buffer.alloc(8 + json.length + data.length);
  out.writeBigUInt64LE(lengthField ?? BigInt(json.length), 0);
  json.copy(out, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** The four tensors of a 784-16-10 model as header entries, with `patch` applied to them. */
export function modelHeader(patch: (h: Record<string, unknown>) => void = () => {}): { header: Record<string, unknown>; data: Uint8Array } {
  const shapes: [string, number[]][] = [['W1', [784, 16]], ['b1', [16]], ['W2', [16, 10]], ['b2', [10]]];
  const header: Record<string, unknown> = {};
  let at = 0;
  for (const [name, shape] of shapes) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: 'F32', shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  patch(header);
  return { header, data: new Uint8Array(at) };
}

/** A sparse file of `size` bytes starting with `head` (no disk is used for the rest). */
export function sparse(dir: string, name: string, head: Uint8Array, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([len, typed, crc]);
}

/**
 * A PNG whose header declares width × height (8-bit grey). With `rows`, that many rows of
 * pixel data follow (a small file can still declare a huge image); without, no IDAT at all.
 */
export function png(width: number, height: number, rows?: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (rows !== undefined) parts.push(chunk('IDAT', deflateSync(Buffer.alloc(rows * (width + 1)))));
  if (rows === height) parts.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** IDX image and label files with a header of `count` images of rows × cols, and `bytes` of pixels. */
export function idxImages(count: number, rows: number, cols: number, bytes: number): Uint8Array {
  const out = Buffer.alloc(16 + bytes);
  out.writeUInt32BE(0x00000803, 0);
  out.writeUInt32BE(count, 4);
  out.writeUInt32BE(rows, 8);
  out.writeUInt32BE(cols, 12);
  return out;
}

/** A spec of the quickest real run: 256 training images, 1 epoch of 8 hidden units, no figures. */
export function tinySpec(patch: Record<string, unknown> = {}, stagePatch: (stages: Record<string, unknown>[]) => void = () => {}): string {
  const stages: Record<string, unknown>[] = [
    { id: 'mnist', type: 'data.mnist', params: { limit: 256, testLimit: 100 } },
    { id: 'init', type: 'model.two-layer', params: { hidden: 8 } },
    { id: 'train', type: 'train.sgd', inputs: { data: 'mnist.datasets', model: 'init.model' }, params: { lr: 0.1, epochs: 1, batchSize: 64 } },
    { id: 'save', type: 'model.save', inputs: { model: 'train.model' } },
  ];
  stagePatch(stages);
  return JSON.stringify({ name: 'tiny', seed: 1, stages, ...patch });
}
