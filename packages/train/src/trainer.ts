import { ByteMatrix, Matrix, Rng, activeBackend, allocFloat32, allocUint8 } from '@mnist-ts/tensor';
import { TwoLayerNet } from '@mnist-ts/nn';
import { CLASSES, FEATURES, batchCount, batchOrder, gatherPixels, normalization, oneHot, type PixelSource } from '@mnist-ts/mnist-data';
import { batchHookSeed, epochEndProblems, epochHookSeed, hookName, hookRng, type TrainHooks } from './hooks.js';
import { resolveConfig, TrainError, type TrainConfig } from './config.js';
import type { Emit, EpochMetrics, Pauser } from './events.js';
import { lrAt } from './schedule.js';
import { saveCheckpoint, type TrainState } from './checkpoint.js';
import { writeMetrics } from './metrics.js';
import { DEFAULT_SAMPLES, epochSamples, sampleRows } from './samples.js';
import { mkdirSync } from 'node:fs';
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
  pause?: Pauser;
  /** Data transforms and epoch-end callbacks, called in list order (see hooks.ts). */
  hooks?: readonly TrainHooks[];
  /**
   * Training rows sent each epoch in an `epoch:samples` event when an epoch transform made the
   * epoch's images (default 8; 0 sends none). Chosen without touching training's randomness.
   */
  samples?: number;
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
  /** Why an epoch-end callback stopped the run before its last epoch (absent otherwise). */
  stopped?: string;
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
  const net = new TwoLayerNet({ inputs: FEATURES, hidden: config.hidden, outputs: CLASSES, loss: config.loss, l2: config.l2 }, rng);
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
  hooks: readonly TrainHooks[];
  /** The training images of epochs being prepared or trained (only when a hook transforms epochs). */
  epochImages: Map<number, Promise<Uint8Array>>;
  /** Per epoch-transform hook, two output buffers: epoch e fills [e % 2] while e − 1 trains on the other. */
  buffers: Uint8Array[][];
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
  // The run directory is the caller's to name, ours to create (as viz and the pipeline do).
  if (opts.runDir) mkdirSync(opts.runDir, { recursive: true });
  const run: Run = {
    config, data, net, state, opts, emit: opts.emit ?? (() => {}),
    norm: normalization(config.normalize),
    batches: batchCount(data.train.count, config.batchSize),
    pixels: allocUint8(config.batchSize * FEATURES),
    labels: new Uint8Array(config.batchSize),
    yData: allocFloat32(config.batchSize * CLASSES),
    hooks: opts.hooks ?? [],
    epochImages: new Map(),
    buffers: [],
  };
  run.emit({
    type: 'run:start', name: opts.name ?? 'train', runDir: opts.runDir, seed: config.seed, backend: activeBackend().name,
    model: { inputs: FEATURES, hidden: config.hidden, outputs: CLASSES },
    data: { train: data.train.count, test: data.test.count, validation: data.validation?.count },
    epochs: config.epochs, batchSize: config.batchSize, batchesPerEpoch: run.batches, startEpoch: state.epoch,
  });
  while (state.epoch <= config.epochs && state.stopped === undefined) {
    if (!(await runEpoch(run))) return interrupt(run);
    await endEpoch(run);
  }
  return finish(run);
}

/** The batches of the current epoch from state.batch on; false when the signal stopped it. */
async function runEpoch(run: Run): Promise<boolean> {
  const { config, state, opts, emit, batches } = run;
  const epoch = state.epoch;
  const lr = lrAt(config.schedule, config.lr, epoch, config.epochs);
  const order = batchOrder(run.data.train.count, config.seed, epoch - 1);
  const source = await epochSource(run, epoch);
  if (state.batch === 0) emit({ type: 'epoch:start', epoch, epochs: config.epochs, lr });
  const shown = source === run.data.train ? 0 : (opts.samples ?? DEFAULT_SAMPLES);
  if (shown > 0) emit(epochSamples(epoch, source.images, run.data.train, sampleRows(config.seed, source.count, shown)));
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
    trainBatch(run, source, order, lr);
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

/**
 * The rows epoch `epoch` trains on: the data's own, or what the epoch transforms made of them.
 * Once this epoch's images are ready, the next epoch's are started, so a transform that works in
 * another thread prepares them while this epoch trains.
 */
async function epochSource(run: Run, epoch: number): Promise<PixelSource> {
  const train = run.data.train;
  if (!run.hooks.some((h) => h.epochImages)) return train;
  const images = await (run.epochImages.get(epoch) ?? prepareEpoch(run, epoch));
  run.epochImages.delete(epoch);
  if (epoch < run.config.epochs) {
    const next = prepareEpoch(run, epoch + 1);
    next.catch(() => {}); // awaited (and its error reported) when epoch + 1 begins; not before
    run.epochImages.set(epoch + 1, next);
  }
  return { images, labels: train.labels, count: train.count };
}

/** Runs the epoch transforms in list order, each reading the previous one's output. */
async function prepareEpoch(run: Run, epoch: number): Promise<Uint8Array> {
  const { images: original, labels, count } = run.data.train;
  let images = original;
  for (const [i, hook] of run.hooks.entries()) {
    if (!hook.epochImages) continue;
    const pair = (run.buffers[i] ??= [0, 1].map(() => new Uint8Array(new SharedArrayBuffer(count * FEATURES))));
    const out = pair[epoch % 2]!;
    const seed = epochHookSeed(run.config.seed, i, epoch);
    try {
      await hook.epochImages({ epoch, seed, rng: hookRng(seed), images, labels, count, out, signal: run.opts.signal });
    } catch (e) {
      throw hookError(hook, i, `epochImages (epoch ${epoch})`, e);
    }
    images = out;
  }
  return images;
}

function hookError(hook: TrainHooks, i: number, where: string, e: unknown): TrainError {
  const message = e instanceof Error ? e.message : String(e);
  return new TrainError('HOOK_FAILED', `hook ${hookName(hook, i)}: ${where} failed: ${message}`, { cause: e });
}

/** One SGD step on batch state.batch of the epoch's order, added to the epoch's running sums. */
function trainBatch(run: Run, source: PixelSource, order: Uint32Array, lr: number): void {
  const { config, state, norm } = run;
  const n = source.count;
  const start = state.batch * config.batchSize;
  const size = gatherPixels(source, order, start, Math.min(start + config.batchSize, n), run.pixels);
  for (let r = 0; r < size; r++) run.labels[r] = source.labels[order[start + r]!]!;
  if (run.hooks.length > 0) batchHooks(run, size);
  const x = new ByteMatrix(size, FEATURES, run.pixels, norm.scale, norm.offset);
  const y = new Matrix(size, CLASSES, oneHot(run.labels.subarray(0, size), run.yData.subarray(0, size * CLASSES)));
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

/** The batch transforms, in list order, on the gathered batch. */
function batchHooks(run: Run, size: number): void {
  const { state } = run;
  for (const [i, hook] of run.hooks.entries()) {
    if (!hook.batch) continue;
    const seed = batchHookSeed(run.config.seed, i, state.epoch, state.batch);
    const ctx = { epoch: state.epoch, batch: state.batch, seed, rng: hookRng(seed), pixels: run.pixels.subarray(0, size * 784), labels: run.labels.subarray(0, size), size };
    try {
      hook.batch(ctx);
    } catch (e) {
      throw hookError(hook, i, `batch (epoch ${state.epoch}, batch ${state.batch + 1})`, e);
    }
  }
}

/**
 * The epoch-end callbacks, in list order: each sees the metrics with what earlier ones added.
 * Returns why the run should stop, if one said so.
 */
async function epochEndHooks(run: Run, metrics: EpochMetrics): Promise<string | undefined> {
  let stop: string | undefined;
  for (const [i, hook] of run.hooks.entries()) {
    if (!hook.epochEnd) continue;
    const where = `epochEnd (epoch ${metrics.epoch})`;
    let result;
    try {
      result = await hook.epochEnd({ epoch: metrics.epoch, epochs: run.config.epochs, metrics, history: run.state.metrics, net: run.net });
    } catch (e) {
      throw hookError(hook, i, where, e);
    }
    const problems = epochEndProblems(result);
    if (problems.length > 0) throw new TrainError('HOOK_FAILED', `hook ${hookName(hook, i)}: ${where} returned ${problems.join('; ')}`);
    if (!result) continue;
    Object.assign(metrics, result.metrics);
    if (result.stop) stop ??= typeof result.stop === 'string' ? result.stop : `${hookName(hook, i)} stopped the run`;
  }
  return stop;
}

/** After an epoch's last batch: check the weights, evaluate, let the callbacks in, record, checkpoint, tell. */
async function endEpoch(run: Run): Promise<void> {
  const { config, net, state, opts, emit } = run;
  const epoch = state.epoch;
  const lr = lrAt(config.schedule, config.lr, epoch, config.epochs);
  const bad = net.firstNonFinite();
  if (bad) throw new TrainError('NON_FINITE', `${bad} became non-finite during epoch ${epoch} (lr ${lr}); try a lower learning rate`);
  // `seconds` is the epoch's training time; evaluation after it is not counted.
  const metrics = epochMetrics(net, run.data, run.norm, state, epoch, lr);
  const stop = run.hooks.length > 0 ? await epochEndHooks(run, metrics) : undefined;
  state.seconds += state.epochSeconds;
  state.metrics.push(metrics);
  Object.assign(state, { epoch: epoch + 1, batch: 0, sums: emptySums(), epochSeconds: 0 });
  if (stop !== undefined && epoch < config.epochs) {
    state.stopped = stop;
    emit({ type: 'log', message: `stopped after epoch ${epoch} of ${config.epochs}: ${stop}` });
  }
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
    const u = new Float32Array(FEATURES);
    for (let i = 0; i < FEATURES; i++) u[i] = net.W1.data[i * h + j]!;
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
  const stopped = state.stopped === undefined ? {} : { stopped: state.stopped };
  const last = state.metrics.at(-1);
  let trainAcc = last?.trainAcc ?? NaN;
  if (config.finalTrainPass) trainAcc = net.evaluateBytes(data.train.images, data.train.labels, data.train.count, norm).accuracy;
  return {
    status: 'done', net, config, state, metrics: state.metrics, trainAcc,
    testAcc: last?.testAcc ?? NaN, testLoss: last?.testLoss ?? NaN, epochs: state.metrics.length, seconds: state.seconds, ...stopped,
  };
}

