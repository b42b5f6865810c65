import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from './trainer.js';
import { loadCheckpoint } from './checkpoint.js';
import { readMetrics } from './metrics.js';
import type { TrainEvent } from './events.js';
import { syntheticSplit } from './test-data.js';

const small = { hidden: 16, epochs: 3, batchSize: 32, lr: 0.1, seed: 7, previewUnits: 2 };
const bytesOf = (net: { W1: { data: Float32Array }; b1: { data: Float32Array }; W2: { data: Float32Array }; b2: { data: Float32Array } }) =>
  Buffer.concat([net.W1.data, net.b1.data, net.W2.data, net.b2.data].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
const tmp = () => mkdtempSync(join(tmpdir(), 'train-test-'));

describe('train', () => {
  it('learns: the loss falls and test accuracy rises; events arrive in order', async () => {
    const events: TrainEvent[] = [];
    const r = await train(small, syntheticSplit(), { emit: (e) => events.push(e), batchEventInterval: 0 });
    expect(r.status).toBe('done');
    expect(r.metrics).toHaveLength(3);
    expect(r.metrics[2]!.trainLoss).toBeLessThan(r.metrics[0]!.trainLoss);
    expect(r.testAcc).toBeGreaterThan(0.9);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run:start');
    expect(types.filter((t) => t === 'epoch:end')).toHaveLength(3);
    expect(types.indexOf('epoch:start')).toBeLessThan(types.indexOf('batch:end'));
    const end = events.find((e) => e.type === 'epoch:end');
    expect(end?.type === 'epoch:end' && end.preview?.length).toBe(2);
  });

  it('the lr follows the schedule: 0.1 × 0.95 per epoch', async () => {
    const r = await train(small, syntheticSplit(200, 50));
    expect(r.metrics.map((m) => m.lr)).toEqual([0.1, 0.1 * 0.95, 0.1 * 0.95 ** 2]);
  });

  it('is deterministic: the same seed gives the same bytes', async () => {
    const a = await train(small, syntheticSplit(300, 50));
    const b = await train(small, syntheticSplit(300, 50));
    const c = await train({ ...small, seed: 8 }, syntheticSplit(300, 50));
    expect(bytesOf(a.net).equals(bytesOf(b.net))).toBe(true);
    expect(bytesOf(a.net).equals(bytesOf(c.net))).toBe(false);
  });

  it('stops on a non-finite loss, naming the epoch and batch', async () => {
    await expect(train({ ...small, lr: 1e6 }, syntheticSplit(300, 50))).rejects.toThrow(
      /became (NaN|Infinity|-Infinity) (at|during) epoch \d+.*try a lower learning rate/,
    );
  });

  it('resumes from an abort mid-epoch and ends with the bytes of an unbroken run', async () => {
    const data = syntheticSplit(300, 50);
    const whole = await train(small, data);
    const dir = tmp();
    const controller = new AbortController();
    let batches = 0;
    const first = await train(small, data, {
      runDir: dir,
      signal: controller.signal,
      batchEventInterval: 0,
      emit: (e) => {
        if (e.type === 'batch:end' && e.epoch === 2 && ++batches === 4) controller.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    const ck = loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    expect([ck.state.epoch, ck.state.batch]).toEqual([2, 4]);
    const rest = await train(ck.config, data, { runDir: dir, resume: ck });
    expect(rest.status).toBe('done');
    expect(bytesOf(rest.net).equals(bytesOf(whole.net))).toBe(true);
    expect(readMetrics(join(dir, 'metrics.jsonl'))).toEqual(whole.metrics.map((m) => ({ ...m, seconds: expect.any(Number), samplesPerSec: expect.any(Number) })));
  });

  it('creates the run directory it is given, parents included', async () => {
    const dir = join(tmp(), 'runs', 'mine');
    expect(existsSync(dir)).toBe(false);
    await train({ ...small, epochs: 1 }, syntheticSplit(100, 20), { runDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.safetensors', 'metrics.jsonl']);
  });

  it('a truncated temp file never replaces a good checkpoint', async () => {
    const dir = tmp();
    await train({ ...small, epochs: 1 }, syntheticSplit(100, 20), { runDir: dir });
    const path = join(dir, 'checkpoint.safetensors');
    const good = readFileSync(path);
    // A writer killed mid-write leaves only its temporary file behind; the checkpoint is untouched.
    writeFileSync(`${path}.tmp-99999`, good.subarray(0, 100));
    expect(readFileSync(path).equals(good)).toBe(true);
    expect(loadCheckpoint(path).state.epoch).toBe(2);
    expect(readdirSync(dir).filter((f) => !f.includes('.tmp-')).sort()).toEqual(['checkpoint.safetensors', 'metrics.jsonl']);
    expect(existsSync(path)).toBe(true);
  });
});
