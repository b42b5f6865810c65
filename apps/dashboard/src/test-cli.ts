/**
 * The `mnist` command as a real process, for the reliability tests: the built CLI (dist/, which
 * the test task builds first), its exit code or signal, stdout, stderr and peak memory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PROBE = fileURLToPath(new URL('../test-fixtures/rss-probe.mjs', import.meta.url));
export const built = existsSync(CLI);

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory in MB (null when the process died before it could say). */
  peakMB: number | null;
}

export interface CliOptions {
  cwd: string;
  /** Runs the command under this one, e.g. ['unshare', '--mount', 'sh', '-c', '... "$@"', 'sh']. */
  wrap?: string[];
  env?: Record<string, string>;
  /** Called with the child once it runs (to signal or kill it, or read its output as it comes). */
  started?: (child: ChildProcess, output: { stdout: () => string }) => void;
  timeoutMs?: number;
}

let probes = 0;

export function runCli(args: readonly string[], o: CliOptions): Promise<CliRun> {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'mnist-rss-')), `rss-${probes++}`);
  const command = [process.execPath, '--import', PROBE, CLI, ...args];
  const [bin, ...rest] = o.wrap ? [...o.wrap, ...command] : command;
  return new Promise((resolve, reject) => {
    const child = spawn(bin!, rest, {
      cwd: o.cwd,
      env: { ...process.env, CI: '1', NO_COLOR: '1', MNIST_TEST_RSS_FILE: rssFile, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const peakMB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : null;
      resolve({ code, signal, stdout, stderr, peakMB });
    });
    o.started?.(child, { stdout: () => stdout });
  });
}

/** Every file under `dir` (relative paths, sorted), to show what a run left behind. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Whether this machine lets us mount a file system in a private namespace (root with unshare). */
export function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync('unshare', ['--mount', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Runs the command with `dir` replaced, in a private mount namespace, by a fresh tmpfs mounted
 * with `options` ("ro", "size=96k"): a read-only or a full disk, seen by this process only. The
 * mount ends with the command; `copyTo` keeps a copy of what was left on it.
 */
export function onTmpfs(dir: string, options: string, copyTo?: string): string[] {
  const keep = copyTo ? `; rc=$?; cp -a '${dir}/.' '${copyTo}/'; exit $rc` : '';
  return ['unshare', '--mount', 'sh', '-c', `mount -t tmpfs -o ${options} tmpfs '${dir}' && ${keep ? '"$@"' : 'exec "$@"'}${keep}`, 'sh'];
}
