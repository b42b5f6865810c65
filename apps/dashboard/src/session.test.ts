import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { fakeIo } from './test-io.js';
import { augmentedEvents, trainEvents } from './test-events.js';
import { RESULT, scriptedPipeline, type Script } from './test-pipeline.js';

const specFile = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-dash-'));
  const path = join(dir, 'spec.json');
  writeFileSync(path, '{"name":"t","stages":[]}');
  return path;
})();

function withScript(script: Script) {
  const deps = { pipeline: async () => scriptedPipeline(script) };
  return { deps, script };
}

describe('--json', () => {
  it('prints only JSON lines: every event, previews left out, then the result', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: trainEvents(2), end: 'done' });
    const code = await main(['train', '--epochs', '2', '--json'], io, deps);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    const lines = io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.every((l) => typeof l['type'] === 'string')).toBe(true);
    const epochEnds = lines.filter((l) => l['type'] === 'epoch:end');
    expect(epochEnds).toHaveLength(2);
    for (const e of epochEnds) {
      expect(e).not.toHaveProperty('preview');
      expect(Object.keys(e['metrics'] as object)).toEqual(expect.arrayContaining(['epoch', 'lr', 'trainLoss', 'trainAcc', 'testLoss', 'testAcc', 'seconds', 'samplesPerSec']));
    }
    const last = lines[lines.length - 1]!;
    expect(last).toEqual({ type: 'result', status: 'done', ...RESULT });
  });

  it('an augmented run adds one epoch:samples line an epoch: its rows and labels, the images left out', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: augmentedEvents(2), end: 'done' });
    expect(await main(['run', specFile, '--json'], io, deps)).toBe(0);
    const lines = io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const samples = lines.filter((l) => l['type'] === 'epoch:samples');
    expect(samples).toEqual([1, 2].map((epoch) => ({ type: 'epoch:samples', epoch, rows: [12, 345, 6789, 1011, 41213, 1415, 51617, 1819], labels: [0, 1, 0, 1, 0, 1, 0, 1] })));
    // and nothing else changes: without them the lines are a plain run's
    const plainIo = fakeIo();
    await main(['run', specFile, '--json'], plainIo, withScript({ events: trainEvents(2), end: 'done' }).deps);
    expect(lines.filter((l) => l['type'] !== 'epoch:samples')).toEqual(plainIo.out().trimEnd().split('\n').map((l) => JSON.parse(l)));
  });

  it('ends a failed run with a failed result line, the message on stderr and exit 1', async () => {
    const io = fakeIo();
    const error = Object.assign(new Error('stage train (train.sgd) failed: the loss became NaN at epoch 1'), { code: 'STAGE_FAILED' });
    const { deps } = withScript({ events: trainEvents(1), end: 'fail', error });
    const code = await main(['run', specFile, '--json'], io, deps);
    expect(code).toBe(1);
    const last = JSON.parse(io.out().trimEnd().split('\n').pop()!) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', status: 'failed', error: error.message });
    expect(io.err()).toMatchInlineSnapshot(`
      "error: stage train (train.sgd) failed: the loss became NaN at epoch 1
      "
    `);
  });
});

describe('input errors before the run', () => {
  it('a spec that does not check out: the pipeline’s message on stderr, nothing on stdout, exit 1', async () => {
    const io = fakeIo();
    const specError = Object.assign(new Error('spec.json is invalid: 1 problem\n  stages[0].type: unknown stage type "train.sgdd"; did you mean "train.sgd"?'), { code: 'SPEC_UNKNOWN_STAGE' });
    const { deps, script } = withScript({ events: [], end: 'done', specError, calls: [] });
    expect(await main(['run', specFile, '--json'], io, deps)).toBe(1);
    expect(script.calls).toEqual([]);
    expect(io.out()).toBe('');
    expect(io.err()).toMatchInlineSnapshot(`
      "error: spec.json is invalid: 1 problem
        stages[0].type: unknown stage type "train.sgdd"; did you mean "train.sgd"?
      "
    `);
  });

  it('resume of a directory that is not a run', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: [], end: 'done' });
    const dir = mkdtempSync(join(tmpdir(), 'not-a-run-'));
    expect(await main(['resume', dir], io, deps)).toBe(1);
    expect(io.err().replace(dir, '<dir>')).toMatchInlineSnapshot(`
      "error: <dir> is not a run directory: it has no spec.json
      "
    `);
  });
});

describe('plain mode', () => {
  it('prints one line per epoch and the summary, without ANSI', async () => {
    const io = fakeIo();
    const { deps, script } = withScript({ events: trainEvents(2), end: 'done', calls: [] });
    const code = await main(['run', specFile, '--seed', '7', '--out', 'elsewhere'], io, deps);
    expect(code).toBe(0);
    expect(io.out()).not.toMatch(/\x1b\[/);
    expect(io.out()).toMatchInlineSnapshot(`
      "run seed-best  784-512-10  seed 1  backend js  train 60000 test 10000  50 epochs × 938 batches of 64  -> runs/seed-best-20250101-120000
      epoch 1/50  lr 0.1  train loss 0.3200 acc 91.00%  test loss 0.3300 acc 91.10%  4.1s  14630 img/s
      epoch 2/50  lr 0.095  train loss 0.1700 acc 95.00%  test loss 0.1900 acc 94.60%  4.1s  14630 img/s
      wrote figure: runs/seed-best-1/figures/accuracy.png
      wrote report: runs/seed-best-1/report.html
      ✓ done in 0:08 · 2 epochs · train 99.12% · test 98.04% · test loss 0.0650
      model    runs/seed-best-1/model.safetensors
      figures  runs/seed-best-1/figures (1 file)
      report   runs/seed-best-1/report.html
      "
    `);
    expect(script.calls?.[0]?.options).toMatchObject({ runDir: 'elsewhere' });
    expect(script.calls?.[0]?.spec).toEqual({ file: specFile, overrides: { seed: 7 } });
  });

  it('train builds the paper spec from its flags', async () => {
    const io = fakeIo();
    const { deps, script } = withScript({ events: [], end: 'done', calls: [] });
    await main(['train', '--hidden', '64', '--lr', '0.05', '--l2', '0', '--epochs', '3', '--batch', '32', '--seed', '9'], io, deps);
    expect(script.calls?.[0]?.spec).toMatchObject({ seed: 9, stages: [{ params: { hidden: 64, lr: 0.05, l2: 0, epochs: 3, batchSize: 32, seed: 9 } }] });
  });
});

describe('Ctrl-C', () => {
  it('first press aborts gracefully: checkpoint, resume hint, exit 130', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: trainEvents(1), end: 'wait' });
    const running = main(['run', specFile, '--json'], io, deps);
    await new Promise((resolve) => setImmediate(resolve)); // let the run start
    io.interrupt();
    expect(await running).toBe(130);
    expect(io.exits).toEqual([]);
    const last = JSON.parse(io.out().trimEnd().split('\n').pop()!) as Record<string, unknown>;
    expect(last).toEqual({ type: 'result', status: 'interrupted', runDir: RESULT.runDir });
    expect(io.err()).toBe(`interrupted; resume with: pnpm mnist resume ${RESULT.runDir}\n`);
  });

  it('presses that come together only say "please wait": the checkpoint is written, exit 130', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: trainEvents(1), end: 'wait' });
    const running = main(['run', specFile], io, deps);
    await new Promise((resolve) => setImmediate(resolve));
    io.interrupt();
    io.interrupt();
    io.interrupt();
    expect(io.exits).toEqual([]);
    expect(await running).toBe(130);
    expect(io.out()).toContain('checkpoint  runs/seed-best-1/checkpoint.safetensors\nresume with: pnpm mnist resume runs/seed-best-1\n');
    expect(io.err()).toMatchInlineSnapshot(`
      "stopping: finishing the batch and writing a checkpoint…
      stopping, please wait: the checkpoint is being written (a Ctrl-C after 3 s quits at once, keeping the last saved checkpoint)
      "
    `);
  });

  it('with --json, "please wait" goes to stderr: stdout holds JSON lines only', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: trainEvents(1), end: 'wait' });
    const running = main(['run', specFile, '--json'], io, deps);
    await new Promise((resolve) => setImmediate(resolve));
    io.interrupt();
    io.interrupt();
    expect(await running).toBe(130);
    for (const line of io.out().trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(io.err()).toMatch(/^stopping, please wait: the checkpoint is being written .*\ninterrupted; resume with: pnpm mnist resume runs\/seed-best-1\n$/);
  });

  it('a press 3 s after the first quits at once (a stage that does not stop)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const io = fakeIo();
      const { deps, script } = withScript({ events: [], end: 'hang' });
      const running = main(['run', specFile], io, deps);
      await new Promise((resolve) => setImmediate(resolve));
      io.interrupt();
      vi.advanceTimersByTime(2_900);
      io.interrupt();
      expect(io.exits).toEqual([]);
      vi.advanceTimersByTime(100);
      io.interrupt();
      expect(io.exits).toEqual([130]);
      script.release?.();
      expect(await running).toBe(130);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a closed stdout (EPIPE)', () => {
  it('stops the run after its checkpoint, says so on stderr, exits 130', async () => {
    const io = fakeIo();
    const { deps } = withScript({ events: trainEvents(1), end: 'wait' });
    const running = main(['run', specFile], io, deps);
    await new Promise((resolve) => setImmediate(resolve));
    const before = io.out();
    io.closeOutput();
    expect(await running).toBe(130);
    expect(io.out()).toBe(before);
    expect(io.err()).toMatchInlineSnapshot(`
      "stdout was closed (EPIPE): stopping the run after a checkpoint
      interrupted; resume with: pnpm mnist resume runs/seed-best-1
      "
    `);
  });
});
