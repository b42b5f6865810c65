/**
 * The coordinator's exact training data, shipped through Redis under its digest (train's
 * dataDigest: the SHA-256 of the three parts' counts, pixels and labels). A worker recomputes the
 * digest of what it fetched before training on it, so no worker can train on a stale or different
 * copy (a file edited since, another machine's MNIST): the data is part of a trial's identity.
 *
 * Layout: "MNISTQ1\n", a uint32 little-endian header length, a JSON header
 * {"parts":[{"name","count"}...]}, then for each part its count·784 pixels and count labels.
 */
import { Dataset } from '@mnist-ts/mnist-data';
import { dataDigest, type TrialData } from '@mnist-ts/train';
import type { Redis } from 'ioredis';
import { QueueError } from './redis.js';
import { dataKey } from './keys.js';

const MAGIC = 'MNISTQ1\n';
const PARTS = ['train', 'validation', 'test'] as const;
/** Data in Redis outlives a sweep by a week, so a resumed sweep finds it; each use renews it. */
const DATA_TTL_SECONDS = 7 * 24 * 3600;

export function encodeTrialData(data: TrialData): Uint8Array {
  const parts = PARTS.map((name) => ({ name, source: data[name] }));
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

export function decodeTrialData(bytes: Uint8Array, what: string): TrialData {
  const bad = (why: string) => new QueueError('BAD_DATA_BLOB', `${what}: ${why}`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw bad(`expected the "MNISTQ1" data format`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  let at = MAGIC.length + 4;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + headerLength))) as { parts: { name: (typeof PARTS)[number]; count: number }[] };
  at += headerLength;
  const out: Partial<Record<(typeof PARTS)[number], Dataset>> = {};
  for (const { name, count } of header.parts) {
    if (at + count * 785 > bytes.length) throw bad(`part ${name} needs ${count * 785} bytes, only ${bytes.length - at} are left`);
    const images = bytes.slice(at, at + count * 784);
    const labels = bytes.slice(at + count * 784, at + count * 785);
    at += count * 785;
    out[name] = new Dataset({ images, labels, source: `${what}.${name}` });
  }
  if (!out.train || !out.validation || !out.test) throw bad('expected train, validation and test parts');
  const parts = { train: out.train, validation: out.validation, test: out.test };
  return { ...parts, digest: dataDigest(parts) };
}

/** Puts the data in Redis under its digest (once: a second sweep on the same data reuses it). */
export async function publishData(redis: Redis, data: TrialData): Promise<void> {
  const key = dataKey(data.digest);
  if (await redis.expire(key, DATA_TTL_SECONDS)) return;
  const bytes = encodeTrialData(data);
  await redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', DATA_TTL_SECONDS);
}

/** Fetches the data a trial names and checks that its bytes hash to that digest. */
export async function fetchData(redis: Redis, digest: string): Promise<TrialData> {
  const bytes = await redis.getBuffer(dataKey(digest));
  if (!bytes) throw new QueueError('DATA_MISSING', `the trial's data ${digest.slice(0, 12)}… is not in Redis (expired or deleted); run the sweep again from its coordinator`);
  const data = decodeTrialData(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `data ${digest.slice(0, 12)}`);
  if (data.digest !== digest) throw new QueueError('BAD_DATA_BLOB', `the data under ${dataKey(digest)} hashes to ${data.digest}, expected ${digest}: refusing to train on it`);
  return data;
}
