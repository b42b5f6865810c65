/**
 * The coordinator's exact training data, shipped through Redis. A trial names its data by the
 * sha256 of these bytes, and a worker checks the hash of what it fetched before training on it,
 * so no worker can train on a stale or different copy (a file edited since, another machine's
 * MNIST): the data is part of a trial's identity.
 *
 * Layout: "MNISTQ1\n", a uint32 little-endian header length, a JSON header
 * {"parts":[{"name","count"}...]}, then for each part its count·784 pixels and count labels.
 */
import { createHash } from 'node:crypto';
import { Dataset } from '@mnist-ts/mnist-data';
import type { TrainData } from '@mnist-ts/train';
import type { Redis } from 'ioredis';
import { QueueError } from './redis.js';
import { dataKey } from './keys.js';

const MAGIC = 'MNISTQ1\n';
const PARTS = ['train', 'validation', 'test'] as const;
/** Data in Redis outlives a sweep by a week, so a resumed sweep finds it; each use renews it. */
const DATA_TTL_SECONDS = 7 * 24 * 3600;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function encodeTrainData(data: TrainData): Uint8Array {
  const parts = PARTS.flatMap((name) => (data[name] ? [{ name, source: data[name]! }] : []));
  const header = new TextEncoder().encode(JSON.stringify({ parts: parts.map((p) => ({ name: p.name, count: p.source.count })) }));
  const size = MAGIC.length + 4 + header.length + parts.reduce((s, p) => s + p.source.count * 785, 0);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  let at = MAGIC.length + 4;
  out.set(header, at);
  at += header.length;
  for (const { source } of parts) {
    out.set(source.images.subarray(0, source.count * 784), at);
    at += source.count * 784;
    out.set(source.labels.subarray(0, source.count), at);
    at += source.count;
  }
  return out;
}

export function decodeTrainData(bytes: Uint8Array, what: string): TrainData {
  const bad = (why: string) => new QueueError('BAD_DATA_BLOB', `${what}: ${why}`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw bad(`expected the "MNISTQ1" data format`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  let at = MAGIC.length + 4;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + headerLength))) as { parts: { name: (typeof PARTS)[number]; count: number }[] };
  at += headerLength;
  const out: Partial<TrainData> = {};
  for (const { name, count } of header.parts) {
    if (at + count * 785 > bytes.length) throw bad(`part ${name} needs ${count * 785} bytes, only ${bytes.length - at} are left`);
    const images = bytes.slice(at, at + count * 784);
    const labels = bytes.slice(at + count * 784, at + count * 785);
    at += count * 785;
    out[name] = new Dataset({ images, labels, source: `${what}.${name}` });
  }
  if (!out.train || !out.test) throw bad('expected train and test parts');
  return out as TrainData;
}

/** Puts the data in Redis under its hash (once: a second sweep on the same data reuses it). */
export async function publishData(redis: Redis, data: TrainData): Promise<string> {
  const bytes = encodeTrainData(data);
  const hash = sha256(bytes);
  const key = dataKey(hash);
  if (!(await redis.expire(key, DATA_TTL_SECONDS))) await redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', DATA_TTL_SECONDS);
  return hash;
}

/** Fetches the data a trial names and checks that its bytes hash to that name. */
export async function fetchData(redis: Redis, hash: string): Promise<TrainData> {
  const bytes = await redis.getBuffer(dataKey(hash));
  if (!bytes) throw new QueueError('DATA_MISSING', `the trial's data ${hash.slice(0, 12)}… is not in Redis (expired or deleted); run the sweep again from its coordinator`);
  const got = sha256(bytes);
  if (got !== hash) throw new QueueError('BAD_DATA_BLOB', `the data under ${dataKey(hash)} hashes to ${got}, expected ${hash}: refusing to train on it`);
  return decodeTrainData(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `data ${hash.slice(0, 12)}`);
}
