import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { normalizationText } from '@mnist-ts/mnist-data';
import { writeFileAtomic } from './atomic-write.js';
import { ModelFileError } from './errors.js';
import { type F32Tensor, decodeSafetensors, encodeSafetensors, headerLength, parseHeader } from './safetensors.js';
import { PARAM_NAMES, TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js';

/** `__metadata__.format` of a model file. */
export const MODEL_FORMAT = 'mnist-two-layer/1';
/** The training checkpoint holds the same four tensors, so it loads as a model too. */
export const CHECKPOINT_FORMAT = 'mnist-two-layer-checkpoint/1';
/** The pixel normalisation the paper trains with, as the file records it. */
export const PAPER_NORMALIZATION = normalizationText('paper');

export interface LoadedModel {
  net: TwoLayerNet;
  metadata: Record<string, string>;
}

/** What a loaded file must match, and the training settings the file does not record. */
export type LoadOptions = Partial<Pick<TwoLayerNetOptions, 'inputs' | 'outputs' | 'loss' | 'l2'>>;

/**
 * The model file's bytes: W1 [inputs,H], b1 [H], W2 [H,outputs], b2 [outputs], F32, and the
 * metadata `format`, `hidden`, `activation: "relu"`, `normalization` (default the paper's) plus
 * whatever the caller adds (testAccuracy, epochs, seed, spec...). The caller may override
 * `normalization`, never `format`, `hidden` or `activation`, which describe the tensors.
 */
export function encodeModel(net: TwoLayerNet, metadata: Record<string, string> = {}): Uint8Array {
  const tensor = (m: { rows: number; cols: number; data: Float32Array }, shape: number[]): F32Tensor => ({ dtype: 'F32', shape, data: m.data });
  return encodeSafetensors(
    {
      W1: tensor(net.W1, [net.W1.rows, net.W1.cols]),
      b1: tensor(net.b1, [net.b1.cols]),
      W2: tensor(net.W2, [net.W2.rows, net.W2.cols]),
      b2: tensor(net.b2, [net.b2.cols]),
    },
    { normalization: PAPER_NORMALIZATION, ...metadata, format: MODEL_FORMAT, hidden: String(net.config.hidden), activation: 'relu' },
  );
}

/** Writes the model file atomically (temporary name, fsync, rename): never a half file. */
export function saveModel(path: string, net: TwoLayerNet, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, encodeModel(net, metadata));
}

/** Reads and checks a model file (see decodeModel); a file that cannot be read is READ_FAILED. */
export function loadModel(path: string, options: LoadOptions = {}): LoadedModel {
  return decodeModel(readSafetensorsFile(path), path, options);
}

/**
 * The bytes of a safetensors file that its header accounts for, read in three steps so a hostile
 * file costs no more memory than its header claims: the 8-byte header length (checked against
 * the file size and MAX_HEADER_BYTES), then the header (checked, tensors counted), then up to
 * the last tensor's end. Bytes past that are never read. Only regular files are opened for
 * reading (not /dev/zero or a FIFO, which never end).
 */
export function readSafetensorsFile(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw readFailed(path, e);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new ModelFileError('READ_FAILED', path, 'cannot read the model file: it is a directory');
    if (!stat.isFile()) throw new ModelFileError('NOT_A_FILE', path, 'not a regular file (a device, a FIFO or a socket); expected a .safetensors file');
    const size = stat.size;
    const first8 = readAt(fd, 0, Math.min(8, size));
    const n = headerLength(first8, size, path);
    const header = parseHeader(readAt(fd, 8, n), path);
    let end = 0;
    for (const [name, entry] of Object.entries(header)) {
      const offsets = name === '__metadata__' ? undefined : (entry as { data_offsets?: unknown } | null)?.data_offsets;
      if (Array.isArray(offsets) && Number.isSafeInteger(offsets[1])) end = Math.max(end, offsets[1] as number);
    }
    // Anything malformed in the header is reported by decodeSafetensors, from these bytes.
    return readAt(fd, 0, Math.min(size, 8 + n + end));
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw readFailed(path, e);
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const got = readSync(fd, out, done, length - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return done === length ? out : out.subarray(0, done);
}

function readFailed(path: string, e: unknown): ModelFileError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new ModelFileError('READ_FAILED', path, `cannot read the model file: ${why}`);
}

/**
 * A network from model-file bytes, trusted only after decodeSafetensors' checks and these: the
 * format (when recorded) is ours, W1, b1, W2, b2 are all there, W1 is [inputs,H] (784 unless
 * `options.inputs` says otherwise), b1 [H], W2 [H,outputs] (10 by default), b2 [outputs], and a
 * recorded `hidden` equals H. Other tensors are ignored.
 */
export function decodeModel(bytes: Uint8Array, file = '<memory>', options: LoadOptions = {}): LoadedModel {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  const format = metadata.format;
  if (format !== undefined && format !== MODEL_FORMAT && format !== CHECKPOINT_FORMAT) {
    throw new ModelFileError('WRONG_FORMAT', file, `__metadata__.format is ${JSON.stringify(format)}, expected "${MODEL_FORMAT}"`);
  }
  for (const name of PARAM_NAMES) {
    if (!tensors[name]) {
      const names = Object.keys(tensors);
      const found = names.length === 0 ? 'none' : names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
      throw new ModelFileError('MISSING_TENSOR', file, `no tensor "${name}"; a model holds W1, b1, W2, b2 (found: ${found})`, name);
    }
  }
  const { W1, b1, W2, b2 } = tensors as Record<(typeof PARAM_NAMES)[number], F32Tensor>;
  const inputs = options.inputs ?? 784;
  const outputs = options.outputs ?? 10;
  const hidden = W1.shape.length === 2 && W1.shape[0] === inputs && W1.shape[1]! >= 1 ? W1.shape[1]! : null;
  if (hidden === null) throw shapeError(file, 'W1', W1, `[${inputs},H] with H >= 1`);
  expectShape(file, 'b1', b1, [hidden], `to match W1 [${inputs},${hidden}]`);
  expectShape(file, 'W2', W2, [hidden, outputs], `to match W1 [${inputs},${hidden}] and ${outputs} outputs`);
  expectShape(file, 'b2', b2, [outputs], `for ${outputs} outputs`);
  if (metadata.hidden !== undefined && metadata.hidden !== String(hidden)) {
    throw new ModelFileError('SHAPE_MISMATCH', file, `__metadata__.hidden is ${JSON.stringify(metadata.hidden)} but W1 has ${hidden} hidden units`);
  }
  const net = TwoLayerNet.fromWeights({ W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data }, { ...options, inputs, hidden, outputs });
  return { net, metadata };
}

function expectShape(file: string, name: string, t: F32Tensor, shape: number[], why: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) throw shapeError(file, name, t, `[${shape.join(',')}] ${why}`);
}

function shapeError(file: string, name: string, t: F32Tensor, expected: string): ModelFileError {
  return new ModelFileError('SHAPE_MISMATCH', file, `tensor "${name}" should be ${expected}, found [${t.shape.join(',')}]`, name);
}
