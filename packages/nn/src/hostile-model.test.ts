// Model files made to hurt: they must be refused quickly, in little memory, with a short message.
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DETAIL_CHARS } from './errors.js';
import { loadModel, readSafetensorsFile } from './model-file.js';
import { MAX_TENSORS, decodeSafetensors, topLevelKeys } from './safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'nn-hostile-'));

function file(name: string, header: string, data = new Uint8Array(0)): string {
  const json = Buffer.from(header);
  const out = Buffer.alloc(8 + json.length + data.length);
  out.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(out, 8);
  out.set(data, 8 + json.length);
  const path = join(dir, name);
  writeFileSync(path, out);
  return path;
}

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message.replace(dir, '<dir>');
  }
  throw new Error('expected an error');
};

describe('hostile safetensors headers', () => {
  it('a name given twice is refused (JSON.parse alone would keep the last)', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const path = file('twice.safetensors', `{"W1":${entry},"b1":${entry},"W1":${entry}}`, new Uint8Array(4));
    expect(message(() => loadModel(path))).toBe('<dir>/twice.safetensors: the header names "W1" twice; each name must appear once');
  });

  it('more than MAX_TENSORS entries are refused before the header is parsed', () => {
    const entries = Array.from({ length: MAX_TENSORS + 1 }, (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
    const path = file('many.safetensors', `{${entries.join(',')}}`);
    expect(message(() => loadModel(path))).toBe(`<dir>/many.safetensors: the header lists more than ${MAX_TENSORS} tensors (a model file holds 4: W1, b1, W2, b2)`);
  });

  it('a huge name or value is cut in the message', () => {
    const name = 'x'.repeat(100_000);
    const long = message(() => decodeSafetensors(new Uint8Array(Buffer.concat([lengthOf(`{"${name}":5}`), Buffer.from(`{"${name}":5}`)]))));
    expect(long.length).toBeLessThan(MAX_DETAIL_CHARS + 100);
    expect(long).toMatch(/… \(\d+ more characters\)$/);
  });

  it('the key scanner sees top-level keys only, strings with escapes and brackets inside', () => {
    expect(topLevelKeys('{"a":{"b":1,"c":[1,{"d":2}]},"e\\"}":"x,y","f":[]}', 10)).toEqual(['a', 'e"}', 'f']);
    expect(topLevelKeys('[1,2]', 10)).toEqual([]);
  });
});

describe('reading a model file header first', () => {
  it('a 1.9 GB file with a bogus header length is refused without reading its body', () => {
    const path = join(dir, 'huge.safetensors');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    ftruncateSync(fd, 1_900_000_000); // sparse: no disk used
    closeSync(fd);
    const before = process.memoryUsage().rss;
    expect(message(() => loadModel(path))).toBe('<dir>/huge.safetensors: the header length is 4294967295 bytes, more than the 100000000-byte limit');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
  });

  it('bytes past the last tensor are never read', () => {
    const header = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const path = file('tail.safetensors', header, new Uint8Array(4 + 1000));
    expect(readSafetensorsFile(path).length).toBe(8 + header.length + 4);
  });

  it('a device is not a model file (/dev/zero never ends)', () => {
    expect(message(() => loadModel('/dev/zero'))).toBe('/dev/zero: not a regular file (a device, a FIFO or a socket); expected a .safetensors file');
  });
});

function lengthOf(text: string): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(Buffer.byteLength(text)), 0);
  return b;
}
