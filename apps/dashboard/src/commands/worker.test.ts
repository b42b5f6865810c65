/**
 * The distributed sweep with real parts: a redis-server on loopback, three `mnist worker`
 * processes, coordinators run as `mnist run` / `mnist resume`, and kill -9 for a worker mid-trial
 * and for a coordinator mid-sweep. Small real MNIST (4,000 training rows) and 5 epochs keep it fast.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '@mnist-ts/queue/testing';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** Short locks so a dead worker's trial moves on within seconds (the default is 30 s). */
const WORKER_FLAGS = ['--concurrency', '1', '--lock-ms', '4000', '--stall-check-ms', '1000'];
const EPOCHS = 5;

interface Proc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function cli(args: string[], onLine: (line: string, p: Proc) => void = () => {}): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  const p: Proc = { child, lines: [], exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  let buf = '';
  const read = (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      p.lines.push(line);
      onLine(line, p);
    }
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  return p;
}

function spec(dir: string, name: string, executor: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  const sweep = {
    search: { mode: 'grid', params: { hidden: [32, 64], lr: [0.1, 0.03] } },
    epochs: EPOCHS, batchSize: 16, validation: 500, ...executor,
  };
  writeFileSync(path, JSON.stringify({
    name, seed: 1,
    stages: [
      { id: 'mnist', type: 'data.mnist', params: { limit: 4000, testLimit: 500 } },
      { id: 'sweep', type: 'train.sweep', inputs: { data: 'mnist.datasets' }, params: sweep },
    ],
  }));
  return path;
}

/** sweep.jsonl without the times and workers: what must not depend on where trials ran. */
const results = (runDir: string) =>
  readFileSync(join(runDir, 'sweep.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { seconds: _s, ...rest } = JSON.parse(l) as Record<string, unknown>;
    return JSON.stringify(Object.fromEntries(Object.entries(rest).sort()));
  }).sort();

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('mnist worker: a sweep on three worker processes', () => {
  let redis: TestRedis;
  let client: Redis;
  const workers: Proc[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mnist-queue-'));
  const startWorkers = (n: number) => {
    for (let i = 0; i < n; i++) workers.push(cli(['worker', '--redis', redis.url, ...WORKER_FLAGS]));
    return until(`${n} workers`, () => workers.filter((w) => w.lines.some((l) => l.startsWith('worker '))).length >= workers.length, 90_000);
  };

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    await startWorkers(3);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    client?.disconnect();
    await redis?.stop();
  });

  it("survives a worker killed with -9 mid-trial, ends bit-identical, and matches the thread executor", async () => {
    const threads = join(dir, 'threads');
    const byThreads = cli(['run', spec(dir, 'threads', { executor: 'threads', threads: 2 }), '--out', threads]);
    expect(await byThreads.exited).toBe(0);

    // The first worker to finish epoch 1 of a trial is killed there, with epochs still to go.
    let killed: { job: string; worker: number } | null = null;
    for (const [i, w] of workers.entries()) {
      w.child.stdout!.on('data', () => {
        const hit = !killed && w.lines.map((l) => /^(trial-\w+) epoch 1\//.exec(l)).find(Boolean);
        if (hit) {
          killed = { job: hit[1]!, worker: i };
          w.child.kill('SIGKILL');
        }
      });
    }
    const queued = join(dir, 'queued');
    const coordinator = cli(['run', spec(dir, 'queued', { executor: 'queue', redis: redis.url }), '--out', queued]);
    expect(await coordinator.exited).toBe(0);
    expect(killed).not.toBeNull();
    const { job, worker } = killed!;
    expect(workers[worker]!.child.signalCode).toBe('SIGKILL');
    const resumedBy = workers.filter((_, i) => i !== worker).flatMap((w) => w.lines).find((l) => l.startsWith(`${job} started from the checkpoint of epoch`));
    console.log(['coordinator:', ...coordinator.lines, '', `killed worker ${worker} (kill -9) at: ${job} epoch 1/${EPOCHS}`, `picked up: ${resumedBy}`].join('\n'));
    expect(resumedBy).toMatch(/from the checkpoint of epoch [1-4]/);
    expect(coordinator.lines.some((l) => l.includes('lost its worker'))).toBe(true);
    // Every trial line of the coordinator's log names the worker's host:pid.
    const trialLines = coordinator.lines.filter((l) => /^trial \d+\/4 (started|ok)/.test(l));
    expect(trialLines.length).toBeGreaterThanOrEqual(8);
    for (const l of trialLines) expect(l).toMatch(/ on [\w.-]+:\d+/);
    expect(results(queued)).toEqual(results(threads));

    // Bit-identical: the same sweep on an empty Redis, nobody killed, gives the same model bytes.
    await client.flushall();
    const whole = join(dir, 'whole');
    expect(await cli(['run', spec(dir, 'whole', { executor: 'queue', redis: redis.url }), '--out', whole]).exited).toBe(0);
    for (const n of [1, 2, 3, 4]) {
      const a = readFileSync(join(queued, 'trials', String(n), 'model.safetensors'));
      expect(a.equals(readFileSync(join(whole, 'trials', String(n), 'model.safetensors')))).toBe(true);
    }
  }, 400_000);

  it('collects the trials finished while the coordinator was dead, without running them again', async () => {
    await startWorkers(1); // back to three
    await client.flushall();
    const seen = workers.map((w) => w.lines.length);
    const newLines = () => workers.flatMap((w, i) => w.lines.slice(seen[i] ?? 0));
    const runDir = join(dir, 'restarted');
    const path = spec(dir, 'restarted', { executor: 'queue', redis: redis.url });
    // Killed as soon as its first trial starts: the workers finish the trials with nobody listening.
    const first = cli(['run', path, '--out', runDir], (line, p) => /^trial \d\/4 started/.test(line) && p.child.kill('SIGKILL'));
    await first.exited;
    await until('all four trials done', async () => (await client.zcard('mnist:mnist-trials:completed')) === 4);
    const startsBefore = newLines().filter((l) => / started/.test(l)).length;
    const resumed = cli(['resume', runDir]);
    expect(await resumed.exited).toBe(0);
    expect(newLines().filter((l) => / started/.test(l)).length).toBe(startsBefore);
    const jobs = newLines().map((l) => /^(trial-\w+) started/.exec(l)?.[1]).filter(Boolean);
    expect(new Set(jobs).size).toBe(jobs.length); // each trial trained once, on one worker
    expect(jobs).toHaveLength(4);
    expect(resumed.lines.filter((l) => l.includes('collected, not run again')).length).toBeGreaterThan(0);
    expect(readFileSync(join(runDir, 'sweep.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    console.log(['after kill -9 of the coordinator, mnist resume:', ...resumed.lines].join('\n'));
  }, 400_000);
});

describe('mnist worker: bad input', () => {
  it('says where a Redis URL comes from when none is given, and names a bad one', async () => {
    const { main } = await import('../main.js');
    const { fakeIo } = await import('../test-io.js');
    const none = fakeIo({ env: {} });
    expect(await main(['worker'], none)).toBe(1);
    expect(none.err()).toMatchInlineSnapshot(`
      "error: mnist worker needs the queue's Redis: pass --redis URL or set MNIST_REDIS_URL (e.g. redis://127.0.0.1:6379)
      "
    `);
    const bad = fakeIo({ env: {} });
    expect(await main(['worker', '--redis', 'http://:secret@host:6379'], bad)).toBe(1);
    expect(bad.err()).toMatchInlineSnapshot(`
      "error: option '--redis <url>': expected a redis:// or rediss:// URL, found the scheme "http:" in http://:***@host:6379
      "
    `);
  });
});

describe('mnist worker: Ctrl-C', () => {
  it('stops taking trials, finishes, and exits 130', async () => {
    const { main } = await import('../main.js');
    const { fakeIo } = await import('../test-io.js');
    const redis = await startRedis();
    try {
      const io = fakeIo({ env: {} });
      const exit = main(['worker', '--redis', redis.url, '--concurrency', '1'], io);
      await until('the worker to start', () => io.out().includes('pulling trials'), 30_000);
      io.interrupt();
      expect(await exit).toBe(130);
      expect(io.err()).toContain('stopping: finishing the running trials');
    } finally {
      await redis.stop();
    }
  });
});
