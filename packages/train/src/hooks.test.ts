import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { train, type TrainOptions } from './trainer.js';
import { loadCheckpoint } from './checkpoint.js';
import { readMetrics } from './metrics.js';
import { epochHookSeed, type TrainHooks } from './hooks.js';
import type { TrainEvent } from './events.js';
import { syntheticSplit } from './test-data.js';

const small = { hidden: 16, epochs: 3, batchSize: 32, lr: 0.1, seed: 7, previewUnits: 0 };
const bytesOf = (net: { W1: { data: Float32Array }; b1: { data: Float32Array }; W2: { data: Float32Array }; b2: { data: Float32Array } }) =>
  Buffer.concat([net.W1.data, net.b1.data, net.W2.data, net.b2.data].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
const tmp = () => mkdtempSync(join(tmpdir(), 'hooks-test-'));
const hash = (a: Uint8Array) => createHash('sha256').update(a).digest('hex').slice(0, 12);

/** Shifts every image by a seeded (dx, dy) in −1..1: an epoch transform, drawn from its rng. */
const shiftEpoch: TrainHooks = {
  name: 'shift',
  epochImages({ rng, images, count, out }) {
    for (let r = 0; r < count; r++) {
      const dx = rng.int(3) - 1, dy = rng.int(3) - 1;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const sx = x - dx, sy = y - dy;
          out[r * 784 + y * 28 + x] = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? images[r * 784 + sy * 28 + sx]! : 0;
        }
      }
    }
  },
};

/** Blanks one seeded pixel of every image of a batch: a batch transform. */
const dropPixel: TrainHooks = {
  name: 'drop',
  batch({ rng, pixels, size }) {
    for (let r = 0; r < size; r++) pixels[r * 784 + rng.int(784)] = 0;
  },
};

/** Aborts at the 4th batch of epoch 2: a run interrupted mid-epoch, resumable from its checkpoint. */
function abortMidEpoch2(): Pick<TrainOptions, 'signal' | 'emit' | 'batchEventInterval'> {
  const controller = new AbortController();
  let batches = 0;
  return {
    signal: controller.signal,
    batchEventInterval: 0,
    emit: (e) => {
      if (e.type === 'batch:end' && e.epoch === 2 && ++batches === 4) controller.abort();
    },
  };
}

describe('training hooks: data transforms', () => {
  it('each epoch sees freshly transformed images, and the next epoch is prepared as this one begins', async () => {
    const seen: { epoch: number; seed: number; images: string; trainedSoFar: number }[] = [];
    let batches = 0;
    const record: TrainHooks = {
      epochImages: (ctx) => {
        shiftEpoch.epochImages!(ctx);
        seen.push({ epoch: ctx.epoch, seed: ctx.seed, images: hash(ctx.out), trainedSoFar: batches });
      },
      batch: () => void batches++,
    };
    const data = syntheticSplit(300, 50);
    await train(small, data, { hooks: [record] });
    expect(seen.map((s) => s.epoch)).toEqual([1, 2, 3]);
    expect(new Set(seen.map((s) => s.images)).size).toBe(3);
    expect(seen.map((s) => s.seed)).toEqual([1, 2, 3].map((e) => epochHookSeed(7, 0, e)));
    // Epoch 2's images were made before epoch 1's first batch trained (prepared ahead).
    expect(seen[1]!.trainedSoFar).toBe(0);
    // The source images are never changed.
    expect(hash(data.train.images)).toBe(hash(syntheticSplit(300, 50).train.images));
  });

  it('a transform changes what is learned: the same seed with and without it ends with different bytes', async () => {
    const data = syntheticSplit(300, 50);
    const plain = await train(small, data);
    const shifted = await train(small, data, { hooks: [shiftEpoch] });
    expect(bytesOf(plain.net).equals(bytesOf(shifted.net))).toBe(false);
  });

  it('resumed mid-epoch with epoch and batch transforms, the run ends bit-identical to an unbroken one', async () => {
    const data = syntheticSplit(300, 50);
    const hooks = [shiftEpoch, dropPixel];
    const whole = await train(small, data, { hooks });
    const dir = tmp();
    const first = await train(small, data, { hooks, runDir: dir, ...abortMidEpoch2() });
    expect(first.status).toBe('interrupted');
    const ck = loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    expect([ck.state.epoch, ck.state.batch]).toEqual([2, 4]);
    const rest = await train(ck.config, data, { hooks, runDir: dir, resume: ck });
    expect(bytesOf(rest.net).equals(bytesOf(whole.net))).toBe(true);
  });

  it('the resume check can fail: a transform with randomness of its own does not come back the same', async () => {
    let own = 1; // a generator the trainer does not hand out: it restarts from 1 in the resumed run
    const impure: TrainHooks = {
      batch({ pixels, size }) {
        for (let r = 0; r < size; r++) pixels[r * 784 + ((own = (own * 48271) % 2147483647) % 784)] = 255;
      },
    };
    const data = syntheticSplit(300, 50);
    const whole = await train(small, data, { hooks: [impure] });
    own = 1;
    const dir = tmp();
    await train(small, data, { hooks: [impure], runDir: dir, ...abortMidEpoch2() });
    own = 1;
    const ck = loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    const rest = await train(ck.config, data, { hooks: [impure], runDir: dir, resume: ck });
    expect(bytesOf(rest.net).equals(bytesOf(whole.net))).toBe(false);
  });

  it('an async transform (as a worker thread would be) is awaited before its epoch trains', async () => {
    const data = syntheticSplit(300, 50);
    const later: TrainHooks = {
      epochImages: async (ctx) => {
        await new Promise((r) => setTimeout(r, 5));
        shiftEpoch.epochImages!(ctx);
      },
    };
    const a = await train(small, data, { hooks: [later] });
    const b = await train(small, data, { hooks: [shiftEpoch] });
    expect(bytesOf(a.net).equals(bytesOf(b.net))).toBe(true);
  });

  it('a transform that throws fails the run with the hook named, epoch given, cause kept', async () => {
    const bad: TrainHooks = {
      name: 'augment.broken',
      epochImages: ({ epoch }) => {
        if (epoch === 2) throw new TypeError('cannot read properties of undefined');
      },
    };
    const err = await train(small, syntheticSplit(300, 50), { hooks: [bad] }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'HOOK_FAILED', cause: expect.any(TypeError) });
    expect((err as Error).message).toMatchInlineSnapshot(`"hook augment.broken: epochImages (epoch 2) failed: cannot read properties of undefined"`);
  });
});

describe('training hooks: epoch-end callbacks', () => {
  it('added metrics reach metrics.jsonl, the epoch:end event and the result', async () => {
    const dir = tmp();
    const events: TrainEvent[] = [];
    const gap: TrainHooks = { epochEnd: ({ metrics }) => ({ metrics: { gap: metrics.trainAcc - metrics.testAcc } }) };
    const r = await train(small, syntheticSplit(300, 50), { hooks: [gap], runDir: dir, emit: (e) => events.push(e) });
    const lines = readMetrics(join(dir, 'metrics.jsonl')) as unknown as Record<string, number>[];
    expect(lines.map((m) => m.gap)).toEqual(r.metrics.map((m) => m.trainAcc - m.testAcc));
    const ends = events.flatMap((e) => (e.type === 'epoch:end' ? [e.metrics as unknown as Record<string, number>] : []));
    expect(ends.map((m) => typeof m.gap)).toEqual(['number', 'number', 'number']);
  });

  it('a callback may stop early; the checkpoint remembers, so a resume stops too', async () => {
    const dir = tmp();
    const events: TrainEvent[] = [];
    const stopAt2: TrainHooks = { name: 'patience', epochEnd: ({ epoch }) => (epoch === 2 ? { stop: 'no better for 1 epoch' } : undefined) };
    const r = await train({ ...small, epochs: 5 }, syntheticSplit(300, 50), { hooks: [stopAt2], runDir: dir, emit: (e) => events.push(e) });
    expect([r.status, r.epochs, r.stopped]).toEqual(['done', 2, 'no better for 1 epoch']);
    expect(events).toContainEqual({ type: 'log', message: 'stopped after epoch 2 of 5: no better for 1 epoch' });
    const ck = loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    const again = await train(ck.config, syntheticSplit(300, 50), { runDir: dir, resume: ck });
    expect([again.epochs, again.stopped]).toEqual([2, 'no better for 1 epoch']);
    expect(bytesOf(again.net).equals(bytesOf(r.net))).toBe(true);
  });

  it('sees the history and earlier callbacks’ metrics, in list order', async () => {
    const seen: string[] = [];
    const one: TrainHooks = { epochEnd: ({ history }) => ({ metrics: { previous: history.length } }) };
    const two: TrainHooks = { epochEnd: ({ metrics }) => void seen.push(String((metrics as unknown as Record<string, number>).previous)) };
    await train(small, syntheticSplit(200, 50), { hooks: [one, two] });
    expect(seen).toEqual(['0', '1', '2']);
  });

  it('refuses metrics that shadow the trainer’s or are not finite numbers', async () => {
    const bad: TrainHooks = { name: 'bad-metrics', epochEnd: () => ({ metrics: { testAcc: 1, 'x y': 1, ratio: NaN } }) };
    const err = await train(small, syntheticSplit(200, 50), { hooks: [bad] }).catch((e: Error) => e);
    expect((err as Error).message).toMatchInlineSnapshot(
      `"hook bad-metrics: epochEnd (epoch 1) returned metrics.testAcc: the trainer writes "testAcc" itself; choose another name; metrics.x y: a metric name is letters, digits and _, starting with a letter; metrics.ratio: expected a finite number, returned NaN"`,
    );
  });
});
