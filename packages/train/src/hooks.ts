/**
 * Training's extension points (Keras callbacks, Lightning hooks): a data transform per epoch or
 * per batch, for augmentation on the fly, and callbacks at epoch end. A hook is a plain object;
 * train() takes a list of them (`TrainOptions.hooks`) and calls them in list order.
 *
 * Resume stays bit-identical because every hook is handed its randomness rather than keeping its
 * own: the seed of a call is a pure function of (run seed, hook position, epoch[, batch]), so a
 * run resumed in the middle of epoch e rebuilds epoch e's images exactly as the unbroken run did.
 */
import { Rng } from '@mnist-ts/tensor';
import { fmix32 } from '@mnist-ts/mnist-data';
import type { TwoLayerNet } from '@mnist-ts/nn';
import type { EpochMetrics } from './events.js';

/** What an epoch transform gets: the untouched training images and a buffer to fill. */
export interface EpochImagesContext {
  /** The epoch these images are for (1-based). It may be the next one: see `TrainHooks.epochImages`. */
  epoch: number;
  /** This call's seed: a pure function of the run's seed, the hook's position and the epoch. */
  seed: number;
  /** A generator seeded with `seed`. */
  rng: Rng;
  /** The training images as the data gave them (count × 784 bytes, row-major); do not modify. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /**
   * Where the transformed images go: count × 784 bytes, the same rows in the same order, labels
   * unchanged. Backed by a SharedArrayBuffer, so a worker thread may fill it directly.
   */
  out: Uint8Array;
  signal?: AbortSignal;
}

/** What a batch transform gets: the gathered batch, to change in place. */
export interface BatchContext {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** A pure function of the run's seed, the hook's position, the epoch and the batch. */
  seed: number;
  rng: Rng;
  /** size × 784 bytes: the batch's images after any epoch transform. Change them in place. */
  pixels: Uint8Array;
  /** size labels (read them; changing them changes what the batch is trained towards). */
  labels: Uint8Array;
  size: number;
}

/** What an epoch-end callback gets. */
export interface EpochEndContext {
  epoch: number;
  epochs: number;
  /** This epoch's metrics (and what earlier callbacks of this epoch added). */
  metrics: Readonly<EpochMetrics>;
  /** The metrics of every earlier epoch (including those before a resume). */
  history: readonly EpochMetrics[];
  /** The network after this epoch. Read it; changing its weights breaks bit-identical resume. */
  net: TwoLayerNet;
}

/** What an epoch-end callback may answer. */
export interface EpochEndResult {
  /** Extra numbers for this epoch's line of metrics.jsonl, its epoch:end event and the report. */
  metrics?: Record<string, number>;
  /** Stop after this epoch (a string says why). The checkpoint records it, so resume stops too. */
  stop?: boolean | string;
}

export interface TrainHooks {
  /** Names the hook in error messages and logs. */
  name?: string;
  /**
   * The training images of an epoch: fill `out` from `images`. Called once per epoch before its
   * first batch, and — so the work can overlap training — for epoch e + 1 as soon as epoch e has
   * its images; return a Promise (work in a worker thread writing into `out`) to really overlap.
   * Must depend only on its arguments. Train accuracy is measured on these images.
   */
  epochImages?(ctx: EpochImagesContext): void | Promise<void>;
  /** Changes a batch's pixels in place, after the epoch transform and before the SGD step. */
  batch?(ctx: BatchContext): void;
  /**
   * After each epoch's evaluation, before metrics.jsonl, the checkpoint and the epoch:end event.
   * To keep resume bit-identical, decide only from accuracies and losses, never from `seconds`.
   */
  epochEnd?(ctx: EpochEndContext): void | EpochEndResult | Promise<void | EpochEndResult>;
}

/** Salts that keep the epoch, batch and batch-order seeds apart for one run seed. */
const EPOCH_SALT = 0x45504f43; // 'EPOC'
const BATCH_SALT = 0x42415443; // 'BATC'

/** The seed of hook `hook`'s epoch transform for `epoch`: a pure function of its arguments. */
export function epochHookSeed(seed: number, hook: number, epoch: number): number {
  return fmix32(fmix32(fmix32((seed >>> 0) ^ EPOCH_SALT) ^ hook) ^ epoch);
}

/** The seed of hook `hook`'s batch transform for (epoch, batch). */
export function batchHookSeed(seed: number, hook: number, epoch: number, batch: number): number {
  return fmix32(fmix32(fmix32(fmix32((seed >>> 0) ^ BATCH_SALT) ^ hook) ^ epoch) ^ batch);
}

/** The fields an epoch-end callback may not overwrite (the CONTRACT's, and the trainer's own). */
const OWN_FIELDS = new Set(['epoch', 'lr', 'trainLoss', 'trainAcc', 'testLoss', 'testAcc', 'seconds', 'samplesPerSec', 'trainDataLoss', 'l2Loss', 'valLoss', 'valAcc']);
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A hook as messages name it: its name, or its position. */
export const hookName = (h: TrainHooks, i: number): string => h.name ?? `hooks[${i}]`;

/**
 * Every problem with what a callback returned, as sentences (empty when it is fine): metric names
 * are identifiers that do not shadow a built-in field, values are finite numbers.
 */
export function epochEndProblems(result: unknown): string[] {
  if (result === undefined) return [];
  if (typeof result !== 'object' || result === null) return [`expected { metrics?, stop? } or nothing, returned ${String(result)}`];
  const { metrics, stop } = result as EpochEndResult;
  const problems: string[] = [];
  if (stop !== undefined && typeof stop !== 'boolean' && typeof stop !== 'string') problems.push(`stop: expected true, false or a reason string, returned ${typeof stop}`);
  if (metrics === undefined) return problems;
  if (typeof metrics !== 'object' || metrics === null) return [...problems, 'metrics: expected an object of name -> number'];
  for (const [k, v] of Object.entries(metrics)) {
    if (!METRIC_NAME.test(k)) problems.push(`metrics.${k}: a metric name is letters, digits and _, starting with a letter`);
    else if (OWN_FIELDS.has(k)) problems.push(`metrics.${k}: the trainer writes "${k}" itself; choose another name`);
    else if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`metrics.${k}: expected a finite number, returned ${String(v)}`);
  }
  return problems;
}

/** The Rng for a seed (a helper so hooks and tests agree on how a seed becomes a generator). */
export const hookRng = (seed: number): Rng => new Rng(seed);
