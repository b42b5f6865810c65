/**
 * For tests: a real redis-server on a free loopback port, with nothing saved to disk. Tests that
 * need it fail (never skip) when redis-server is missing, saying how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const MISSING_REDIS =
  'redis-server is not installed: the queue tests start a real one on 127.0.0.1. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis); .ci/run installs it in CI';

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Pings until the server answers (it takes a moment to listen); gives up after 10 s. */
async function untilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before answering on ${url}`);
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    let said = '';
    client.on('error', (e: Error) => (said = e.message));
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (e) {
      if (/NOAUTH|WRONGPASS/.test(said)) return; // it answers: a password is set
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url} within 10 s: ${(e as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

export async function startRedis(extraArgs: string[] = []): Promise<TestRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new Error(MISSING_REDIS);
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await untilReady(url, child).catch((e: unknown) => {
    child.kill('SIGKILL'); // never leave a server behind
    throw e;
  });
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
