import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** Hand-made file bytes: a length field (the header's true length unless given), header, data. */
function raw(header: unknown, data = new Uint8Array(0), lengthField?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthField ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
const decode = (bytes: Uint8Array) => () => decodeSafetensors(bytes, 'bad.safetensors');

describe('safetensors encoding', () => {
  it('round-trips tensors and metadata; the header is space-padded to a multiple of 8', () => {
    const tensors = {
      a: { dtype: 'F32' as const, shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-30, -7]) },
      b: { dtype: 'F32' as const, shape: [1], data: Float32Array.from([0.25]) },
    };
    const bytes = encodeSafetensors(tensors, { note: 'hi', n: '3' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(header.trimEnd()).toBe('{"__metadata__":{"note":"hi","n":"3"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}');
    expect(bytes.length).toBe(8 + n + 28);
    const back = decodeSafetensors(bytes);
    expect({ ...back.tensors }).toEqual(tensors);
    expect({ ...back.metadata }).toEqual({ note: 'hi', n: '3' });
  });

  it('reads from any byte offset (a pooled Buffer), little-endian', () => {
    const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [2], data: Float32Array.from([1.5, -3]) } });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(decodeSafetensors(shifted.subarray(3)).tensors.w!.data)).toEqual([1.5, -3]);
    expect(Array.from(bytes.subarray(-8))).toEqual([0, 0, 0xc0, 0x3f, 0, 0, 0x40, 0xc0]);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => encodeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: encodeSafetensors: tensor w has shape [3] but 2 values]`,
    );
    expect(() => encodeSafetensors({}, { epochs: 5 as unknown as string })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: encodeSafetensors: __metadata__.epochs must be a string, got number]`,
    );
  });
});

describe('safetensors decoding checks everything before trusting it', () => {
  const entry = (shape: number[], begin: number, end: number, dtype = 'F32') => ({ dtype, shape, data_offsets: [begin, end] });

  it('TOO_SHORT: fewer than 8 bytes', () => {
    expect(decode(new Uint8Array(5))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: the file is 5 bytes; a safetensors file starts with an 8-byte header length]`,
    );
  });
  it('HEADER_LENGTH: past the end of the file', () => {
    expect(decode(raw('{}', new Uint8Array(8), 4096n))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: the header length is 4096 bytes, more than the 10 bytes after the length field]`,
    );
  });
  it('HEADER_LENGTH: over 100 MB, whatever the file size', () => {
    expect(decode(raw('{}', new Uint8Array(8), 2n ** 62n))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: the header length is 4611686018427387904 bytes, more than the 100000000-byte limit]`,
    );
  });
  it('HEADER_JSON: not JSON', () => {
    expect(decode(raw('{"W1":'))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: the 6-byte header is not valid UTF-8 JSON (Unexpected end of JSON input)]`,
    );
  });
  it('HEADER_NOT_OBJECT: JSON, but an array', () => {
    expect(decode(raw('[1, 2]'))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: the header should be a JSON object of tensors, found an array]`,
    );
  });
  it('BAD_ENTRY: no data_offsets', () => {
    expect(decode(raw({ W1: { dtype: 'F32', shape: [2] } }, f32(1, 2)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W1" should be {"dtype": string, "shape": [non-negative integers], "data_offsets": [begin, end]}, found {"dtype":"F32","shape":[2]}]`,
    );
  });
  it('UNSUPPORTED_DTYPE: only F32', () => {
    expect(decode(raw({ W1: entry([2], 0, 4, 'F16') }, new Uint8Array(4)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W1" has dtype F16; only F32 is supported]`,
    );
  });
  it('OFFSETS_OUT_OF_RANGE: past the data section', () => {
    expect(decode(raw({ W1: entry([16], 0, 64) }, f32(1, 2)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W1" has data_offsets [0, 64], outside the 8-byte data section]`,
    );
    expect(decode(raw({ W1: entry([0], 8, 4) }, f32(1, 2)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W1" has data_offsets [8, 4], outside the 8-byte data section]`,
    );
  });
  it('OFFSETS_SIZE: not shape × 4 bytes', () => {
    expect(decode(raw({ W1: entry([3], 0, 8) }, f32(1, 2, 3)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W1" of shape [3] needs 12 bytes of F32, its data_offsets [0, 8] span 8]`,
    );
  });
  it('OFFSETS_OVERLAP: two tensors sharing bytes', () => {
    expect(decode(raw({ W1: entry([2], 0, 8), b1: entry([2], 4, 12) }, f32(1, 2, 3)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensors "W1" [0, 8) and "b1" [4, 12) share bytes]`,
    );
  });
  it('BAD_METADATA: values that are not strings, or not an object', () => {
    expect(decode(raw({ __metadata__: { hidden: 5 } }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: __metadata__.hidden should be a string, found the number 5]`,
    );
    expect(decode(raw({ __metadata__: ['x'] }))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: __metadata__ should be an object of strings, found an array]`,
    );
  });
  it('NON_FINITE: NaN or Infinity, naming the tensor', () => {
    expect(decode(raw({ W2: entry([3], 0, 12) }, f32(1, NaN, 3)))).toThrowErrorMatchingInlineSnapshot(
      `[ModelFileError: bad.safetensors: tensor "W2" holds NaN at flat index 1]`,
    );
  });
  it('errors carry a stable code, the file and the tensor', () => {
    try {
      decodeSafetensors(raw({ W2: entry([1], 0, 4) }, f32(-Infinity)), 'x.safetensors');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ name: 'ModelFileError', code: 'NON_FINITE', file: 'x.safetensors', tensor: 'W2' });
    }
  });
  it('never reaches a prototype through tensor names', () => {
    const bytes = raw('{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', f32(2));
    const { tensors } = decodeSafetensors(bytes);
    expect(Object.getPrototypeOf(tensors)).toBeNull();
    expect(Array.from(tensors['__proto__']!.data)).toEqual([2]);
  });
});
