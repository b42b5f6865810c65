/**
 * Scripted events for tests and the README frame: a run of the paper's model, epoch by epoch,
 * with made-up but plausible numbers and a W1 preview that is a deterministic pattern.
 */
import type { EpochMetrics, TrainEvent } from '@mnist-ts/train';

export const RUN_START: Extract<TrainEvent, { type: 'run:start' }> = {
  type: 'run:start',
  name: 'seed-best',
  runDir: 'runs/seed-best-20250101-120000',
  seed: 1,
  backend: 'js',
  model: { inputs: 784, hidden: 512, outputs: 10 },
  data: { train: 60000, test: 10000 },
  epochs: 50,
  batchSize: 64,
  batchesPerEpoch: 938,
  startEpoch: 1,
};

/** Metrics of epoch e: accuracy climbing towards 98%, loss falling, lr 0.1·0.95^(e−1). */
export function metricsAt(e: number): EpochMetrics {
  const lr = 0.1 * 0.95 ** (e - 1);
  return {
    epoch: e,
    lr,
    trainLoss: 0.3 / e + 0.02,
    trainAcc: 0.99 - 0.08 / e,
    testLoss: 0.28 / e + 0.05,
    testAcc: 0.981 - 0.07 / e,
    seconds: 4.1,
    samplesPerSec: 14630,
  };
}

/** 784 weights: a diagonal stroke for unit k, signs alternating by quadrant. */
export function unitPattern(k: number): Float32Array {
  const u = new Float32Array(784);
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const stroke = Math.abs(r - c - (k - 1) * 4) < 3 ? 1 : 0;
      u[r * 28 + c] = stroke * (r < 14 ? 1 : -1) * (0.05 + 0.01 * k) + 0.001 * (((r * 7 + c * 3 + k) % 5) - 2);
    }
  }
  return u;
}

/** run:start, then for each epoch 1..epochs: epoch:start, `batches` batch:end, checkpoint, epoch:end. */
export function trainEvents(epochs: number, batches = 3): TrainEvent[] {
  const out: TrainEvent[] = [RUN_START];
  for (let e = 1; e <= epochs; e++) {
    out.push({ type: 'epoch:start', epoch: e, epochs: 50, lr: 0.1 * 0.95 ** (e - 1) });
    for (let b = 1; b <= batches; b++) {
      const batch = Math.round((b / batches) * 938);
      out.push({ type: 'batch:end', epoch: e, batch, batches: 938, loss: 0.3 / e + 0.05 / b, acc: 0.97 - 0.01 / b, samplesPerSec: 14630 });
    }
    out.push({ type: 'checkpoint', path: 'runs/seed-best-20250101-120000/checkpoint.safetensors', epoch: e });
    out.push({ type: 'epoch:end', epochs: 50, metrics: metricsAt(e), preview: [1, 2, 3, 4].map(unitPattern) });
  }
  return out;
}

/** A sweep of `total` trials over hidden × lr, the first `finished` done, two running after. */
export function sweepEvents(total: number, finished: number): TrainEvent[] {
  const grid = [128, 256, 512].flatMap((hidden) => [0.05, 0.1, 0.2].map((lr) => ({ hidden, lr })));
  const out: TrainEvent[] = [{ type: 'stage:start', id: 'sweep', stage: 'train.sweep' }];
  for (let t = 1; t <= Math.min(total, finished + 2); t++) {
    const params = grid[(t - 1) % grid.length]!;
    out.push({ type: 'trial:start', trial: t, total, params });
    // a trial's own training event, which carries no trial id and must not reach the main view
    out.push({ ...RUN_START, name: `trial ${t}` });
    if (t <= finished) {
      const valAcc = 0.95 + 0.003 * ((t * 7) % 10);
      out.push({ type: 'trial:end', trial: t, total, params, status: 'ok', valAcc, seconds: 30 + t });
    }
  }
  return out;
}

/**
 * A 28×28 digit-like pattern: a ring (even k) or a slanted bar (odd k) of radius/length by k,
 * moved `shift` pixels right and down (what an epoch's augmentation might do to it).
 */
export function digitPattern(k: number, shift = 0): Uint8Array {
  const img = new Uint8Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const u = x - 14 - shift;
      const v = y - 14 - shift;
      const ink = k % 2 === 0 ? Math.abs(Math.hypot(u / 0.7, v) - (7 + (k % 3))) < 1.6 : Math.abs(u - v * 0.3) < 1.5 && Math.abs(v) < 9 + (k % 3);
      if (ink) img[y * 28 + x] = 255;
    }
  }
  return img;
}

/** trainEvents with an epoch:samples event after each epoch:start: 8 digits, shifted by epoch % 3 − 1. */
export function augmentedEvents(epochs: number, batches = 3): TrainEvent[] {
  return trainEvents(epochs, batches).flatMap((e): TrainEvent[] => {
    if (e.type !== 'epoch:start') return [e];
    const rows = [12, 345, 6789, 1011, 41213, 1415, 51617, 1819];
    const samples: TrainEvent = {
      type: 'epoch:samples',
      epoch: e.epoch,
      rows,
      labels: rows.map((_, k) => (k % 2 === 0 ? 0 : 1)),
      images: rows.map((_, k) => digitPattern(k, (e.epoch % 3) - 1)),
      originals: rows.map((_, k) => digitPattern(k)),
    };
    return [e, samples];
  });
}
