import { readFileSync } from 'node:fs';
import { normalizationText } from '@mnist-ts/mnist-data';
import { writeFileAtomic } from './atomic-write.js';
import { ModelFileError } from './errors.js';
import { type F32Tensor, decodeSafetensors, encodeSafetensors } from './safetensors.js';
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
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ModelFileError('READ_FAILED', path, `cannot read the model file: ${why}`);
  }
  return decodeModel(bytes, path, options);
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
      const found = Object.keys(tensors).join(', ') || 'none';
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
