import { existsSync } from 'node:fs';
import type { RngState } from '@mnist-ts/tensor';
import { TwoLayerNet, decodeSafetensors, encodeSafetensors, readSafetensorsFile, writeFileAtomic } from '@mnist-ts/nn';
import { CLASSES, FEATURES } from '@mnist-ts/mnist-data';
import { resolveConfig, TrainError, type TrainConfig } from './config.js';
import type { EpochMetrics } from './events.js';

/** Where a run stands: enough to continue it and end with the same bytes as an unbroken run. */
export interface TrainState {
  /** The epoch in progress, or the next to start (1-based). */
  epoch: number;
  /** The next batch of that epoch (0 at an epoch boundary). */
  batch: number;
  /** Optimizer steps (batches) taken in all. */
  step: number;
  /** Running sums of the epoch in progress (float64, exact through JSON). */
  sums: { loss: number; dataLoss: number; l2: number; correct: number; seen: number; batches: number };
  epochSeconds: number;
  seconds: number;
  metrics: EpochMetrics[];
  /** The run's generator state (it drew the initial weights; batch orders derive from the seed). */
  rng: RngState;
  /** Set when an epoch-end callback stopped the run early (its reason): a resume stops too. */
  stopped?: string;
}

export const CHECKPOINT_FORMAT = 'mnist-two-layer-checkpoint/1';

/**
 * checkpoint.safetensors: the four weight tensors plus `__metadata__` holding the config and the
 * state as JSON. Written to a temporary file, fsynced and renamed, so a kill at any moment leaves
 * the previous checkpoint whole.
 */
export function saveCheckpoint(path: string, net: TwoLayerNet, config: TrainConfig, state: TrainState): string {
  const bytes = encodeSafetensors(
    {
      W1: { dtype: 'F32', shape: [net.W1.rows, net.W1.cols], data: net.W1.data },
      b1: { dtype: 'F32', shape: [net.b1.cols], data: net.b1.data },
      W2: { dtype: 'F32', shape: [net.W2.rows, net.W2.cols], data: net.W2.data },
      b2: { dtype: 'F32', shape: [net.b2.cols], data: net.b2.data },
    },
    {
      format: CHECKPOINT_FORMAT,
      epoch: String(state.epoch - (state.batch === 0 ? 1 : 0)),
      step: String(state.step),
      config: JSON.stringify(config),
      state: JSON.stringify(state),
    },
  );
  writeFileAtomic(path, bytes);
  return path;
}

export function loadCheckpoint(path: string): { net: TwoLayerNet; config: TrainConfig; state: TrainState } {
  if (!existsSync(path)) throw new TrainError('BAD_CHECKPOINT', `${path}: no checkpoint here (a run writes one after its first epoch or when interrupted)`);
  const { tensors, metadata } = decodeSafetensors(readSafetensorsFile(path), path);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new TrainError('BAD_CHECKPOINT', `${path}: __metadata__.format: expected "${CHECKPOINT_FORMAT}", found ${JSON.stringify(metadata.format)}`);
  }
  let config: TrainConfig, state: TrainState;
  try {
    config = resolveConfig(JSON.parse(metadata.config ?? '') as Partial<TrainConfig>);
    state = JSON.parse(metadata.state ?? '') as TrainState;
  } catch (e) {
    throw new TrainError('BAD_CHECKPOINT', `${path}: __metadata__ config/state is not valid JSON: ${(e as Error).message}`);
  }
  const t = (name: string) => {
    const v = tensors[name];
    if (!v) throw new TrainError('BAD_CHECKPOINT', `${path}: tensor ${name} is missing`);
    return v.data;
  };
  const net = TwoLayerNet.fromWeights(
    { W1: t('W1'), b1: t('b1'), W2: t('W2'), b2: t('b2') },
    { inputs: FEATURES, hidden: config.hidden, outputs: CLASSES, loss: config.loss, l2: config.l2 },
  );
  return { net, config, state };
}
