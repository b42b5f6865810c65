import { ByteMatrix, Matrix, Rng, activeBackend, allocFloat32, allocUint8 } from '@mnist-ts/tensor';
import { TwoLayerNet } from '@mnist-ts/nn';
import { batchCount, batchOrder, gatherPixels, normalization, oneHot, type PixelSource } from '@mnist-ts/mnist-data';
import { resolveConfig, TrainError, type TrainConfig } from './config.js';
import type { Emit, EpochMetrics } from './events.js';
import { lrAt } from './schedule.js';
import { saveCheckpoint, type TrainState } from './checkpoint.js';
import { writeMetrics } from './metrics.js';
import { join } from 'node:path';

export interface TrainData {
  train: PixelSource;
  test: PixelSource;
  /** Held out of train; reported as valLoss/valAcc each epoch. Sweeps select on it. */
  validation?: PixelSource;
}

export interface TrainOptions {
  emit?: Emit;
  /** Stops between batches; a checkpoint of the exact position is written when runDir is set. */
  signal?: AbortSignal;
  /** Where checkpoint.safetensors and metrics.jsonl go (nothing is written without one). */
  runDir?: string;
  /** Continue from a checkpoint instead of starting fresh. */
  resume?: { net: TwoLayerNet; state: TrainState };
  name?: string;
  /** Minimum milliseconds between batch:end events (default 100: at most 10 a second). */
  batchEventInterval?: number;
  /** While `paused` is true, training waits between batches on `wait()` (the dashboard's `p`). */
  pause?: { readonly paused: boolean; wait(): Promise<void> };
}

/** Hands the event loop a turn, so signals, timers and the dashboard run during a long epoch. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface TrainResult {
  status: 'done' | 'interrupted';
  net: TwoLayerNet;
  config: TrainConfig;
  state: TrainState;
  metrics: EpochMetrics[];
  trainAcc: number;
  testAcc: number;
  testLoss: number;
  epochs: number;
  seconds: number;
}

interface EpochSums {
  loss: number;
  dataLoss: number;
  l2: number;
  correct: number;
  seen: number;
  batches: number;
}

const emptySums = (): EpochSums => ({ loss: 0, dataLoss: 0, l2: 0, correct: 0, seen: 0, batches: 0 });

/** A fresh state: the network is drawn from `seed` (He-normal), epoch 1, batch 0. */
export function initialState(config: TrainConfig): { net: TwoLayerNet; state: TrainState } {
  const rng = new Rng(config.seed);
  const net = new TwoLayerNet({ inputs: 784, hidden: config.hidden, outputs: 10, loss: config.loss, l2: config.l2 }, rng);
  const state: TrainState = { epoch: 1, batch: 0, step: 0, sums: emptySums(), epochSeconds: 0, seconds: 0, metrics: [], rng: rng.state() };
  return { net, state };
}

/** Everything one call of train() works with: settings, data, the net and its state, buffers. */
interface Run {
  config: TrainConfig;
  data: TrainData;
  net: TwoLayerNet;
  state: TrainState;
  opts: TrainOptions;
  emit: Emit;
  norm: { scale: number; offset: number };
  batches: number;
  /** Batch buffers, allocated once (in the backend's memory) and reused by every batch. */
  pixels: Uint8Array;
  labels: Uint8Array;
  yData: Float32Array;
}

/**
 * The paper's minibatch SGD. Epoch e visits the training rows in batchOrder(n, seed, e − 1) — a
 * pure function of the seed and the epoch — so a run resumed at any batch of any epoch continues
 * with exactly the batches an uninterrupted run would have seen, and ends with the same bytes.
 */
export async function train(partial: Partial<TrainConfig>, data: TrainData, opts: TrainOptions = {}): Promise<TrainResult> {
  const config = resolveConfig(partial);
  if (data.train.count === 0) throw new TrainError('BAD_DATA', 'the training set is empty');
  const { net, state } = opts.resume ?? initialState(config);
  const run: Run = {
    config, data, net, state, opts, emit: opts.emit ?? (() => {}),
    norm: normalization(config.normalize),
    batches: batchCount(data.train.count, config.batchSize),
    pixels: allocUint8(config.batchSize * 784),
    labels: new Uint8Array(config.batchSize),
    yData: allocFloat32(config.batchSize * 10),
  };
  run.emit({
    type: 'run:start', name: opts.name ?? 'train', runDir: opts.runDir, seed: config.seed, backend: activeBackend().name,
    model: { inputs: 784, hidden: config.hidden, outputs: 10 },
    data: { train: data.train.count, test: data.test.count, validation: data.validation?.count },
    epochs: config.epochs, batchSize: config.batchSize, batchesPerEpoch: run.batches, startEpoch: state.epoch,
  });
  while (state.epoch <= config.epochs) {
    if (!(await runEpoch(run))) return interrupt(run);
    endEpoch(run);
  }
  return finish(run);
}

/** The batches of the current epoch from state.batch on; false when the signal stopped it. */
async function runEpoch(run: Run): Promise<boolean> {
  const { config, state, opts, emit, batches } = run;
  const epoch = state.epoch;
  const lr = lrAt(config.schedule, config.lr, epoch, config.epochs);
  const order = batchOrder(run.data.train.count, config.seed, epoch - 1);
  if (state.batch === 0) emit({ type: 'epoch:start', epoch, epochs: config.epochs, lr });
  let t0 = performance.now();
  let lastEvent = 0;
  const clock = () => {
    const now = performance.now();
    state.epochSeconds += (now - t0) / 1000;
    t0 = now;
  };
  for (; state.batch < batches; state.batch++) {
    if (opts.signal?.aborted) {
      clock();
      return false;
    }
    trainBatch(run, order, lr);
    if (performance.now() - lastEvent >= (opts.batchEventInterval ?? 100) || state.batch === batches - 1) {
      lastEvent = performance.now();
      const s = state.sums;
      const secs = state.epochSeconds + (lastEvent - t0) / 1000;
      emit({ type: 'batch:end', epoch, batch: state.batch + 1, batches, loss: s.loss / s.seen, acc: s.correct / s.seen, samplesPerSec: s.seen / Math.max(secs, 1e-9) });
      await yieldToEventLoop();
      if (opts.pause?.paused) {
        clock(); // time spent paused is not training time
        await opts.pause.wait();
        t0 = performance.now();
      }
    }
  }
  clock();
  return true;
}

/** One SGD step on batch state.batch of the epoch's order, added to the epoch's running sums. */
function trainBatch(run: Run, order: Uint32Array, lr: number): void {
  const { config, data, state, norm } = run;
  const n = data.train.count;
  const start = state.batch * config.batchSize;
  const size = gatherPixels(data.train, order, start, Math.min(start + config.batchSize, n), run.pixels);
  for (let r = 0; r < size; r++) run.labels[r] = data.train.labels[order[start + r]!]!;
  const x = new ByteMatrix(size, 784, run.pixels, norm.scale, norm.offset);
  const y = new Matrix(size, 10, oneHot(run.labels.subarray(0, size), run.yData.subarray(0, size * 10)));
  const r = run.net.trainBatch(x, y, lr);
  if (!Number.isFinite(r.dataLoss)) {
    throw new TrainError('NON_FINITE', `the loss became ${r.dataLoss} at epoch ${state.epoch}, batch ${state.batch + 1} of ${run.batches} (lr ${lr}); try a lower learning rate`);
  }
  const s = state.sums;
  s.loss += (r.dataLoss + r.l2Loss) * size;
  s.dataLoss += r.dataLoss * size;
  s.l2 += r.l2Loss * size;
  s.correct += r.correct;
  s.seen += size;
  s.batches++;
  state.step++;
}

/** After an epoch's last batch: check the weights, evaluate, record, checkpoint, tell. */
function endEpoch(run: Run): void {
  const { config, net, state, opts, emit } = run;
  const epoch = state.epoch;
  const lr = lrAt(config.schedule, config.lr, epoch, config.epochs);
  const bad = net.firstNonFinite();
  if (bad) throw new TrainError('NON_FINITE', `${bad} became non-finite during epoch ${epoch} (lr ${lr}); try a lower learning rate`);
  // `seconds` is the epoch's training time; evaluation after it is not counted.
  const metrics = epochMetrics(net, run.data, run.norm, state, epoch, lr);
  state.seconds += state.epochSeconds;
  state.metrics.push(metrics);
  Object.assign(state, { epoch: epoch + 1, batch: 0, sums: emptySums(), epochSeconds: 0 });
  if (opts.runDir) {
    writeMetrics(join(opts.runDir, 'metrics.jsonl'), state.metrics);
    const path = saveCheckpoint(join(opts.runDir, 'checkpoint.safetensors'), net, config, state);
    emit({ type: 'checkpoint', path, epoch });
  }
  emit({ type: 'epoch:end', epochs: config.epochs, metrics, preview: previewUnits(net, config.previewUnits) });
}

function epochMetrics(net: TwoLayerNet, data: TrainData, norm: { scale: number; offset: number }, state: TrainState, epoch: number, lr: number): EpochMetrics {
  const s = state.sums;
  const test = net.evaluateBytes(data.test.images, data.test.labels, data.test.count, norm);
  const m: EpochMetrics = {
    epoch, lr,
    trainLoss: s.loss / s.seen, trainAcc: s.correct / s.seen,
    testLoss: test.loss, testAcc: test.accuracy,
    seconds: state.epochSeconds, samplesPerSec: s.seen / Math.max(state.epochSeconds, 1e-9),
    trainDataLoss: s.dataLoss / s.seen, l2Loss: s.l2 / s.seen,
  };
  if (data.validation) {
    const v = net.evaluateBytes(data.validation.images, data.validation.labels, data.validation.count, norm);
    m.valLoss = v.loss;
    m.valAcc = v.accuracy;
  }
  return m;
}

function previewUnits(net: TwoLayerNet, count: number): Float32Array[] {
  const h = net.W1.cols;
  const units: Float32Array[] = [];
  for (let j = 0; j < Math.min(count, h); j++) {
    const u = new Float32Array(784);
    for (let i = 0; i < 784; i++) u[i] = net.W1.data[i * h + j]!;
    units.push(u);
  }
  return units;
}

function interrupt({ net, config, state, opts, emit }: Run): TrainResult {
  if (opts.runDir) {
    const path = saveCheckpoint(join(opts.runDir, 'checkpoint.safetensors'), net, config, state);
    emit({ type: 'checkpoint', path, epoch: state.epoch - 1 });
  }
  const last = state.metrics.at(-1);
  return {
    status: 'interrupted', net, config, state, metrics: state.metrics,
    trainAcc: last?.trainAcc ?? NaN, testAcc: last?.testAcc ?? NaN, testLoss: last?.testLoss ?? NaN,
    epochs: state.metrics.length, seconds: state.seconds + state.epochSeconds,
  };
}

function finish({ net, config, state, data, norm }: Run): TrainResult {
  const last = state.metrics.at(-1);
  let trainAcc = last?.trainAcc ?? NaN;
  if (config.finalTrainPass) trainAcc = net.evaluateBytes(data.train.images, data.train.labels, data.train.count, norm).accuracy;
  return {
    status: 'done', net, config, state, metrics: state.metrics, trainAcc,
    testAcc: last?.testAcc ?? NaN, testLoss: last?.testLoss ?? NaN, epochs: state.metrics.length, seconds: state.seconds,
  };
}

