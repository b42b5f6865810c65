/**
 * Crashes and concurrency with real `mnist` processes: one process per run directory, a stale
 * lock taken over, Ctrl-C presses that come together, a closed stdout, a full disk, and kill -9 at
 * random moments followed by resume, which must end bit-identical to an unbroken run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '@mnist-ts/nn';
import { CLI, canMount, built, listFiles, onTmpfs, runCli, type CliRun } from './test-cli.js';
import { tinySpec } from './test-hostile-files.js';

const root = mkdtempSync(join(tmpdir(), 'mnist-process-'));
let dirs = 0;
const fresh = () => {
  const d = join(root, `t${dirs++}`);
  mkdirSync(d);
  return d;
};

/** A run of a few seconds: long enough to be interrupted, short enough for a test. */
const TRAIN = ['train', '--hidden', '16', '--limit', '6000', '--epochs', '6', '--seed', '5'];

/** The four weight tensors of a model file, as one buffer: what "bit-identical" compares. */
function weights(file: string): Buffer {
  const { tensors } = decodeSafetensors(readFileSync(file), file);
  return Buffer.concat(['W1', 'b1', 'W2', 'b2'].map((n) => Buffer.from(tensors[n]!.data.buffer)));
}

/** Resolves once the child has printed a line matching `re`. */
function when(child: ChildProcess, out: { stdout: () => string }, re: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (re.test(out.stdout())) {
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
  });
}

/** One row per process that was given trouble, for the table in .vitest/process-reliability.md. */
const rows: string[] = [];
function record(input: string, r: CliRun): CliRun {
  const lines = r.stderr.trim().split('\n').filter(Boolean);
  const shown = (lines.find((l) => l.startsWith('error: ')) ?? lines.join(' / ')).replaceAll(root, '<tmp>').replaceAll('|', '\\|');
  rows.push(`| ${input.replaceAll('|', '\\|')} | ${r.code ?? r.signal} | ${shown.slice(0, 200) || '(none)'} | ${r.peakMB === null ? '–' : `${r.peakMB.toFixed(0)} MB`} |`);
  return r;
}
afterAll(() => {
  mkdirSync(join(import.meta.dirname, '..', '.vitest'), { recursive: true });
  const head = ['| input | exit | stderr | peak RSS |', '| --- | --- | --- | --- |'];
  writeFileSync(join(import.meta.dirname, '..', '.vitest', 'process-reliability.md'), `${[...head, ...rows].join('\n')}\n`);
});

const lockMessage = (dir: string, pid: number | undefined) => `error: ${dir}: the run directory is in use by process ${pid}`;

describe.runIf(built)('one process per run directory', () => {
  it('two trainings started together on one --out: one runs, the other exits 1 naming the holder', async () => {
    const cwd = fresh();
    const pids: (number | undefined)[] = [];
    const started = (c: ChildProcess) => pids.push(c.pid);
    const [a, b] = await Promise.all([runCli([...TRAIN, '--out', 'same'], { cwd, started }), runCli([...TRAIN, '--out', 'same'], { cwd, started })]);
    record('train --out same, twice at once (first)', a);
    record('train --out same, twice at once (second)', b);
    const codes = [a.code, b.code];
    expect(codes.sort()).toEqual([0, 1]);
    const [winner, loser] = a.code === 0 ? [0, 1] : [1, 0];
    expect([a, b][loser]!.stderr).toBe(`${lockMessage('same', pids[winner])}, which took it at ${lockTime([a, b][loser]!)}; wait for it to finish or stop it (one process at a time owns a run directory)\n`);
    expect(listFiles(join(cwd, 'same'))).toContain('model.safetensors');
    expect(existsSync(join(cwd, 'same', '.lock'))).toBe(false); // released at the end
  });

  it('two `run`s of one spec on one --out: one runs, the other exits 1', async () => {
    const cwd = fresh();
    writeFileSync(
      join(cwd, 'spec.json'),
      tinySpec({}, (st) => {
        Object.assign(st[0]!['params'] as object, { limit: 6000 });
        Object.assign(st[2]!['params'] as object, { epochs: 6 });
      }),
    );
    const [a, b] = await Promise.all([runCli(['run', 'spec.json', '--out', 'same'], { cwd }), runCli(['run', 'spec.json', '--out', 'same'], { cwd })]);
    record('run spec.json --out same, twice at once (first)', a);
    record('run spec.json --out same, twice at once (second)', b);
    expect([a.code, b.code].sort()).toEqual([0, 1]);
    expect((a.code === 1 ? a : b).stderr).toMatch(/^error: same: the run directory is in use by process \d+, which took it at \S+; wait for it to finish or stop it \(one process at a time owns a run directory\)\n$/);
  });

  it('two resumes of one directory: one continues, the other exits 1', async () => {
    const cwd = fresh();
    const first = await runCli([...TRAIN, '--out', 'run'], { cwd, started: (c, out) => void when(c, out, /^epoch 1\//m).then(() => c.kill('SIGKILL')) });
    expect(first.signal).toBe('SIGKILL');
    const pids: (number | undefined)[] = [];
    const started = (c: ChildProcess) => pids.push(c.pid);
    const [a, b] = await Promise.all([runCli(['resume', 'run'], { cwd, started }), runCli(['resume', 'run'], { cwd, started })]);
    record('resume run, twice at once (first)', a);
    record('resume run, twice at once (second)', b);
    expect([a.code, b.code].sort()).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/^error: run: the run directory is in use by process \d+, which took it at /);
    expect(loser.stderr.split('\n')).toHaveLength(2);
  });

  it('a lock left by a killed process is taken over; its temporary files are removed', async () => {
    const cwd = fresh();
    const killed = await runCli([...TRAIN, '--out', 'run'], { cwd, started: (c, out) => void when(c, out, /^epoch 2\//m).then(() => c.kill('SIGKILL')) });
    expect(killed.signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(join(cwd, 'run', '.lock'), 'utf8'))).toMatchObject({ pid: expect.any(Number) });
    // What a kill in the middle of atomic writes leaves behind.
    writeFileSync(join(cwd, 'run', 'checkpoint.safetensors.tmp-999999'), 'half');
    mkdirSync(join(cwd, 'run', 'figures'), { recursive: true });
    writeFileSync(join(cwd, 'run', 'figures', 'w1.png.tmp-4242'), 'half');
    const resumed = record('resume run (lock of a kill -9ed process, *.tmp-<pid> files)', await runCli(['resume', 'run'], { cwd }));
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const left = listFiles(join(cwd, 'run'));
    expect(left.filter((f) => /\.tmp-\d+$/.test(f) || f === '.lock')).toEqual([]);
    expect(left).toContain('model.safetensors');
  });
});

describe.runIf(built)('Ctrl-C, a closed stdout, a full disk', () => {
  // The kernel may merge two signals sent in one instant into one; the second press's "please
  // wait" is pinned in session.test.ts. What must hold here: the checkpoint, 130, a true resume.
  it('two Ctrl-C in one instant: a checkpoint, exit 130; resume ends as an unbroken run', async () => {
    const cwd = fresh();
    const whole = await runCli([...TRAIN, '--out', 'whole'], { cwd });
    expect(whole.code).toBe(0);
    const stopped = await runCli([...TRAIN, '--out', 'run'], {
      cwd,
      started: (c, out) =>
        void when(c, out, /^epoch 2\//m).then(() => {
          c.kill('SIGINT');
          c.kill('SIGINT');
        }),
    });
    record('train, SIGINT twice in one instant', stopped);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^stopping: finishing the batch and writing a checkpoint…\n(stopping, please wait: .*\n)?$/);
    expect(stopped.stdout).toMatch(/resume with: pnpm mnist resume \S*run\n$/);
    expect(existsSync(join(cwd, 'run', 'checkpoint.safetensors'))).toBe(true);
    const resumed = await runCli(['resume', 'run'], { cwd });
    expect(resumed.code).toBe(0);
    expect(weights(join(cwd, 'run', 'model.safetensors')).equals(weights(join(cwd, 'whole', 'model.safetensors')))).toBe(true);
  });

  it.runIf(hasScript())('on a terminal (the Ink dashboard), two Ctrl-C in one read: a checkpoint and exit 130', async () => {
    const cwd = fresh();
    const command = [process.execPath, CLI, ...TRAIN.map((a) => (a === '6' ? '40' : a)), '--out', 'run'].join(' ');
    // `script` runs the command on a pseudo-terminal: stdin and stdout are TTYs, keys come raw.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm', CI: '' } });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    // script passes the screen on in bursts, so the run's start is read from the disk instead.
    const poll = setInterval(() => {
      if (!existsSync(join(cwd, 'run', 'spec.json'))) return;
      clearInterval(poll);
      setTimeout(() => child.stdin.write('\x03\x03'), 1000); // both presses in one write
    }, 50);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    const text = screen.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
    expect(code).toBe(130);
    expect(text).toMatch(/■ interrupted during epoch \d+\/40/);
    expect(text).toContain(`resume with: pnpm mnist resume ${join(cwd, 'run')}`);
    expect(existsSync(join(cwd, 'run', 'checkpoint.safetensors'))).toBe(true);
  });

  it('`mnist train | head -1`: stdout closes, the run stops after a checkpoint, no stack trace, exit 130', async () => {
    const cwd = fresh();
    const r = await runCli([...TRAIN, '--out', 'run'], {
      cwd,
      started: (c, out) => void when(c, out, /\n/).then(() => c.stdout?.destroy()), // the reader goes away after one line
    });
    record('train | head -1 (stdout closed after a line)', r);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(`stdout was closed (EPIPE): stopping the run after a checkpoint\ninterrupted; resume with: pnpm mnist resume ${join(cwd, 'run')}\n`);
    expect(existsSync(join(cwd, 'run', 'checkpoint.safetensors'))).toBe(true);
    expect((await runCli(['resume', 'run'], { cwd })).code).toBe(0);
  });

  it.runIf(canMount())('a full disk: exit 1, the error once, naming the file; no half-written file', async () => {
    const cwd = fresh();
    mkdirSync(join(cwd, 'disk'));
    mkdirSync(join(cwd, 'copy'));
    const r = await runCli(['train', '--hidden', '16', '--limit', '500', '--epochs', '2', '--out', 'disk/run'], { cwd, wrap: onTmpfs(join(cwd, 'disk'), 'size=96k', join(cwd, 'copy')) });
    record('train --out <tmpfs of 96 kB> (ENOSPC)', r);
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: stage "\w+" \([\w.]+\) failed: cannot write .*disk\/run\/\S+: no space left on device \(ENOSPC\)$/);
    const left = listFiles(join(cwd, 'copy', 'run'));
    expect(left.filter((f) => /\.tmp-\d+$/.test(f))).toEqual([]);
    // What is there is whole: the checkpoint loads.
    expect(() => decodeSafetensors(readFileSync(join(cwd, 'copy', 'run', 'checkpoint.safetensors')))).not.toThrow();
  });
});

describe.runIf(built)('kill -9 at random moments, then resume', () => {
  it('ends bit-identical to an unbroken run, however often it was killed', async () => {
    const cwd = fresh();
    const args = ['train', '--hidden', '16', '--limit', '6000', '--epochs', '4', '--seed', '9'];
    const whole = await runCli([...args, '--out', 'whole'], { cwd });
    expect(whole.code).toBe(0);
    // A seeded choice of moments (printed on failure): after the k-th output line, plus 0..40 ms.
    let seed = 20261130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kills: string[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const dir = `run${trial}`;
      let r: CliRun | null = null;
      for (let attempt = 0; attempt < 4 && r?.code !== 0; attempt++) {
        const line = 1 + Math.floor(random() * 14);
        const delay = Math.floor(random() * 40);
        kills.push(`${dir}#${attempt}: line ${line} + ${delay} ms`);
        const command = existsSync(join(cwd, dir, 'spec.json')) ? ['resume', dir] : [...args, '--out', dir];
        const killLast = attempt < 2; // the last attempts run to the end
        r = await runCli(command, {
          cwd,
          started: (c, out) => {
            if (!killLast) return;
            void when(c, out, new RegExp(`^(?:.*\\n){${line}}`)).then(() => setTimeout(() => c.kill('SIGKILL'), delay));
          },
        });
        if (r.code !== 0 && r.signal !== 'SIGKILL') throw new Error(`${dir}: ${r.stderr} (kills: ${kills.join('; ')})`);
      }
      expect(r?.code, kills.join('; ')).toBe(0);
      expect(weights(join(cwd, dir, 'model.safetensors')).equals(weights(join(cwd, 'whole', 'model.safetensors'))), kills.join('; ')).toBe(true);
    }
  }, 240_000); // up to 13 CLI processes, each loading MNIST: minutes on a loaded machine
});

/** util-linux's `script`, which gives a command a pseudo-terminal. */
function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

function lockTime(r: CliRun): string {
  return /which took it at (\S+);/.exec(r.stderr)?.[1] ?? '?';
}
