/**
 * The kinds of value that flow between stages. A stage declares the kind of each input and
 * output; the spec's cross-stage check refuses an input wired to an output of another kind.
 */
import type { Dataset } from '@mnist-ts/mnist-data';
import type { TwoLayerNet } from '@mnist-ts/nn';
import type { EpochMetrics, SweepResult, TrainHooks, TrainState } from '@mnist-ts/train';

export const KINDS = ['dataset', 'datasets', 'model', 'metrics', 'evaluation', 'sweep', 'file', 'figure', 'hooks'] as const;
export type Kind = (typeof KINDS)[number];
/**
 * An input's kind; a trailing `?` makes the input optional, a trailing `[]` makes it a list of
 * zero or more references (the spec gives one "<stage>.<output>" or an array of them).
 */
export type InputKind = Kind | `${Kind}?` | `${Kind}[]`;

export function parseInputKind(k: InputKind): { kind: Kind; optional: boolean; list: boolean } {
  if (k.endsWith('[]')) return { kind: k.slice(0, -2) as Kind, optional: true, list: true };
  if (k.endsWith('?')) return { kind: k.slice(0, -1) as Kind, optional: true, list: false };
  return { kind: k as Kind, optional: false, list: false };
}

export function isInputKind(k: unknown): k is InputKind {
  return typeof k === 'string' && (KINDS as readonly string[]).includes(parseInputKind(k as InputKind).kind);
}

/** The references of one input entry of a spec: a string, or each string of an array. */
export function refsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A train/test bundle, with a validation part when one was held out of train. */
export interface Datasets {
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
}

/** A two-layer network and what is known about how it came to be. */
export interface ModelValue {
  net: TwoLayerNet;
  hidden: number;
  loss: 'cross-entropy' | 'mse';
  l2: number;
  /** The pixel normalisation the network was (or will be) trained with. */
  normalize: 'paper' | 'unit';
  seed: number;
  /** Epochs trained so far (0 for a fresh network). */
  epochs: number;
  /** For a fresh network: the training state initialState() gave with it (epoch 1, batch 0). */
  initState?: TrainState;
  /** Set by train.sgd: the CONTRACT's result fields. */
  training?: { trainAcc: number; testAcc: number; testLoss: number; epochs: number; seconds: number; interrupted: boolean; stopped?: string };
  /** A loaded model file's __metadata__. */
  metadata?: Record<string, string>;
}

/** eval.accuracy's result: the CONTRACT's evaluate fields plus what the figures need. */
export interface EvaluationValue {
  split: 'train' | 'test' | 'validation';
  n: number;
  loss: number;
  accuracy: number;
  perClass: number[];
  confusion: number[][];
  predictions: Int32Array;
  /** n×10 probabilities, row-major. */
  probabilities: Float32Array;
  /** The rows that were evaluated (misclassified digits are drawn from it). */
  data: Dataset;
}

export interface SweepValue extends SweepResult {
  logPath: string;
  chartPath: string;
}

/** The value of each kind at run time. */
export interface KindValues {
  dataset: Dataset;
  datasets: Datasets;
  model: ModelValue;
  metrics: EpochMetrics[];
  evaluation: EvaluationValue;
  sweep: SweepValue;
  /** An absolute path: a file the stage wrote in the run directory. */
  file: string;
  /**
   * An absolute path: a file drawn from other values (a PNG, the report). `mnist visualize`
   * redraws every stage whose outputs are all figures, from the run's recorded files.
   */
  figure: string;
  /**
   * Training's extension points (a data transform per epoch or per batch, epoch-end callbacks):
   * train.sgd's `hooks` input takes a list of them and passes them to train() in that order.
   */
  hooks: TrainHooks;
}

/** A kind as a message names it: "a model", "an evaluation"; plural kinds bare: "datasets", "hooks". */
export function article(kind: Kind): string {
  if (kind.endsWith('s')) return kind;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
