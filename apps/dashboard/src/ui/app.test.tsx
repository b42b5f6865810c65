import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { DashboardEvent } from '../state.js';
import { ViewStore } from '../view-store.js';
import { Pauser } from '../pauser.js';
import { augmentedEvents, sweepEvents, trainEvents } from '../test-events.js';
import { App } from './app.js';

const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');
const lines = (s: string | undefined) => plain(s).split('\n');
/**
 * Lets React commit what the events and keys scheduled (fake timers: no clock time passes). React
 * yields after ~5 ms of real time and continues in a fresh (faked) setImmediate, so on a busy
 * machine one flush is not enough: flush ten times (still at the same fake instant).
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

function mount(events: DashboardEvent[], props: { width?: number; height?: number; pauser?: Pauser; onStop?: () => void } = {}) {
  const store = new ViewStore();
  for (const e of events) store.dispatch(e);
  const hub = { emit: store.dispatch }; // what the session's pipeline emits into
  const r = render(<App store={store} width={props.width ?? 80} height={props.height ?? 24} {...(props.pauser ? { pauser: props.pauser } : {})} {...(props.onStop ? { onStop: props.onStop } : {})} />);
  return { ...r, hub, store };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-01-01T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('train view', () => {
  it('fits 80×24 (one line spare) and shows every panel', () => {
    const r = mount(trainEvents(3));
    const frame = lines(r.lastFrame());
    expect(frame.length).toBeLessThanOrEqual(23);
    for (const l of frame) expect([...l].length).toBeLessThanOrEqual(80);
    expect(plain(r.lastFrame())).toMatchSnapshot();
    const text = plain(r.lastFrame());
    expect(text).toContain('seed-best · 784-512-10 · seed 1 · js · train 60,000 test 10,000');
    expect(text).toMatch(/epoch 3\/50 +█+ +938\/938 +14630 img\/s/);
    expect(text).toContain('W1 unit 1');
    expect(text).toMatch(/\n +3 +0\.0902 +0\.1200 +96\.33% +0\.1433 +95\.77%/);
  });

  it('redraws on new events and ticks the elapsed clock', async () => {
    const r = mount(trainEvents(1));
    expect(plain(r.lastFrame())).toContain('0:00 elapsed');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(plain(r.lastFrame())).toContain('0:05 elapsed');
    r.hub.emit({ type: 'warning', message: 'backend wasm-simd skipped: self-check failed' });
    await settle();
    expect(plain(r.lastFrame())).toContain('warning: backend wasm-simd skipped');
  });

  it('draws batch progress at most every frameMs, other events at once', async () => {
    const r = mount(trainEvents(1));
    const frames = r.frames.length;
    for (let b = 1; b <= 20; b++) r.hub.emit({ type: 'batch:end', epoch: 2, batch: b, batches: 938, loss: 0.2, acc: 0.9, samplesPerSec: 2400 });
    await settle();
    expect(r.frames.length).toBe(frames); // nothing drawn yet: the 20 events wait for the frame
    await vi.advanceTimersByTimeAsync(250);
    await settle(); // React commits in a microtask after the frame timer fires
    expect(plain(r.lastFrame())).toContain(' 20/938 ');
    expect(r.frames.length).toBe(frames + 1);
  });

  it('p pauses and resumes through the pauser', async () => {
    const pauser = new Pauser();
    const r = mount(trainEvents(1), { pauser });
    r.stdin.write('p');
    await settle();
    expect(pauser.paused).toBe(true);
    expect(plain(r.lastFrame())).toContain('❚❚ paused');
    expect(plain(r.lastFrame())).toContain('press p to resume');
    r.stdin.write('p');
    await settle();
    expect(pauser.paused).toBe(false);
    expect(plain(r.lastFrame())).toContain('● running');
  });

  it('q and Ctrl-C ask to stop', async () => {
    let store: ViewStore | null = null;
    // As the session does: each request is told to the store, which the view draws.
    const onStop = vi.fn(() => store?.dispatch({ type: 'dashboard:stopping' }));
    const r = mount(trainEvents(1), { onStop });
    store = r.store;
    r.stdin.write('q');
    await settle();
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(plain(r.lastFrame())).toContain('stopping: finishing the batch and writing a checkpoint');
    r.stdin.write('\x03');
    await settle();
    expect(onStop).toHaveBeenCalledTimes(2);
    expect(plain(r.lastFrame())).toContain('stopping, please wait: the checkpoint is being written');
  });

  it('Ctrl-C presses that arrive in one read each count (a double tap, batched keys)', async () => {
    const onStop = vi.fn();
    const r = mount(trainEvents(1), { onStop });
    r.stdin.write('\x03\x03');
    await settle();
    expect(onStop).toHaveBeenCalledTimes(2);
    r.stdin.write('qq\x03');
    await settle();
    expect(onStop).toHaveBeenCalledTimes(5);
  });

  it('? opens and closes the help', async () => {
    const r = mount(trainEvents(1));
    r.stdin.write('?');
    await settle();
    expect(plain(r.lastFrame())).toContain('q, Ctrl-C  stop');
    expect(lines(r.lastFrame()).length).toBeLessThanOrEqual(23);
    r.stdin.write('?');
    await settle();
    expect(plain(r.lastFrame())).not.toContain('q, Ctrl-C  stop');
  });

  it('ends with the final numbers and where everything was written', async () => {
    const r = mount(trainEvents(2));
    r.hub.emit({ type: 'artifact', kind: 'figure', path: 'runs/x/figures/accuracy.png' });
    r.hub.emit({ type: 'artifact', kind: 'figure', path: 'runs/x/figures/w1.png' });
    r.hub.emit({ type: 'artifact', kind: 'report', path: 'runs/x/report.html' });
    r.hub.emit({ type: 'result', status: 'done', runDir: 'runs/x', modelPath: 'runs/x/model.safetensors', trainAcc: 0.9912, testAcc: 0.9804, testLoss: 0.065, epochs: 2, seconds: 222 });
    await settle();
    const frame = lines(r.lastFrame());
    expect(frame.length).toBeLessThanOrEqual(23);
    expect(frame.slice(-4)).toEqual([
      '✓ done in 3:42 · 2 epochs · train 99.12% · test 98.04% · test loss 0.0650',
      'model    runs/x/model.safetensors',
      'figures  runs/x/figures (2 files)',
      'report   runs/x/report.html',
    ]);
  });

  it('after an interrupt, says how to resume', async () => {
    const r = mount(trainEvents(1));
    r.hub.emit({ type: 'result', status: 'interrupted', runDir: 'runs/x' });
    await settle();
    expect(lines(r.lastFrame()).slice(-3)).toEqual([
      '■ interrupted during epoch 1/50',
      'checkpoint  runs/seed-best-20250101-120000/checkpoint.safetensors',
      'resume with: pnpm mnist resume runs/x',
    ]);
  });

  it('reflows: a narrow terminal stacks the panels, a wide one shows more W1 units', () => {
    const narrow = mount(trainEvents(3), { width: 60, height: 40 });
    const n = lines(narrow.lastFrame());
    for (const l of n) expect([...l].length).toBeLessThanOrEqual(60);
    expect(n.length).toBeLessThanOrEqual(39);
    expect(plain(narrow.lastFrame())).toContain('W1 units 1–2');
    const wide = mount(trainEvents(3), { width: 140, height: 30 });
    expect(plain(wide.lastFrame())).toContain('W1 units 1–3');
    const short = mount(trainEvents(3), { width: 80, height: 16 });
    expect(lines(short.lastFrame()).length).toBeLessThanOrEqual(16);
  });
});

describe('augmented digits (a run whose epochs are augmented: epoch:samples events)', () => {
  it('at 80×24 take the W1 unit\'s place: the digits as loaded above, as this epoch trains on them below', () => {
    const r = mount(augmentedEvents(3));
    const frame = lines(r.lastFrame());
    expect(frame.length).toBeLessThanOrEqual(23);
    for (const l of frame) expect([...l].length).toBeLessThanOrEqual(80);
    expect(plain(r.lastFrame())).toMatchSnapshot();
    expect(plain(r.lastFrame())).toContain('augmented epoch 3 · 0 1');
    expect(plain(r.lastFrame())).not.toContain('W1 unit');
  });

  it('sit below the W1 units when the terminal is tall enough, more of them when it is wide', () => {
    const r = mount(augmentedEvents(2), { width: 140, height: 40 });
    const text = plain(r.lastFrame());
    expect(lines(r.lastFrame()).length).toBeLessThanOrEqual(39);
    expect(text).toContain('W1 units 1–3');
    expect(text).toContain('augmented epoch 2 · 0 1 0 1 0');
    const narrow = mount(augmentedEvents(2), { width: 60, height: 50 });
    expect(plain(narrow.lastFrame())).toContain('W1 units 1–2');
    expect(plain(narrow.lastFrame())).toContain('augmented epoch 2 · 0 1 0 1');
    for (const l of lines(narrow.lastFrame())) expect([...l].length).toBeLessThanOrEqual(60);
  });

  it('redraw each epoch with that epoch\'s digits', async () => {
    const r = mount(augmentedEvents(1));
    const before = plain(r.lastFrame());
    for (const e of augmentedEvents(2).slice(augmentedEvents(1).length)) r.hub.emit(e);
    await settle();
    expect(plain(r.lastFrame())).toContain('augmented epoch 2');
    expect(plain(r.lastFrame())).not.toBe(before);
  });
});

describe('sweep view', () => {
  it('shows the trials with the best one marked, at 80 columns', () => {
    const r = mount(sweepEvents(9, 5));
    const frame = lines(r.lastFrame());
    for (const l of frame) expect([...l].length).toBeLessThanOrEqual(80);
    expect(frame.length).toBeLessThanOrEqual(23);
    expect(plain(r.lastFrame())).toMatchInlineSnapshot(`
      "sweep · 9 trials · stage sweep (train.sweep)                           ● running
      trials 5/9  ██████████████████░░░░░░░░░░░░░░░  2 running  0:00 elapsed  ETA 1:06
      best #4 val 97.40%  hidden=256 lr=0.05
         #  params                                        status  val acc     time
         1  hidden=128 lr=0.05                            ok       97.10%    31.0s
         2  hidden=128 lr=0.1                             ok       96.20%    32.0s
         3  hidden=128 lr=0.2                             ok       95.30%    33.0s
      ★  4  hidden=256 lr=0.05                            ok       97.40%    34.0s
         5  hidden=256 lr=0.1                             ok       96.50%    35.0s
         6  hidden=256 lr=0.2                             running       –        …
         7  hidden=512 lr=0.05                            running       –        …
      stage sweep (train.sweep)
      q stop  p pause/resume  ? help"
    `);
  });
});
