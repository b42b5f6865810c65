/**
 * Where the queue lives: a redis:// or rediss:// (TLS) URL, from the spec or MNIST_REDIS_URL.
 * A password rides in the URL (redis://:secret@host:6379); it is never printed.
 */
import type { Redis } from 'ioredis';

export const REDIS_URL_ENV = 'MNIST_REDIS_URL';

/** A queue setting the user got wrong: says which value, what was expected, what was found. */
export class QueueError extends Error {
  constructor(
    readonly code: 'BAD_REDIS_URL' | 'NO_REDIS_URL' | 'REDIS_UNREACHABLE' | 'BAD_DATA_BLOB' | 'DATA_MISSING' | 'TRIAL_LOST',
    message: string,
  ) {
    super(message);
    this.name = 'QueueError';
  }
}

/** The URL with its password replaced by ***, fit for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<unparsable URL>';
  }
}

/** Checks a URL names a Redis server; `where` says where it came from (a spec field, a flag). */
export function checkRedisUrl(url: string, where: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError('BAD_REDIS_URL', `${where}: expected a redis:// or rediss:// URL, found ${JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new QueueError('BAD_REDIS_URL', `${where}: expected a redis:// or rediss:// URL, found the scheme "${u.protocol}" in ${redactUrl(url)}`);
  }
  if (!u.hostname) throw new QueueError('BAD_REDIS_URL', `${where}: the URL ${redactUrl(url)} names no host`);
  return url;
}

/** The URL to use: the given one, else MNIST_REDIS_URL, else an error saying how to give one. */
export function resolveRedisUrl(given: string | undefined, where: string, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined) return checkRedisUrl(given, where);
  const fromEnv = env[REDIS_URL_ENV];
  if (fromEnv) return checkRedisUrl(fromEnv, REDIS_URL_ENV);
  throw new QueueError('NO_REDIS_URL', `${where}: the queue executor needs a Redis URL: set it there or in ${REDIS_URL_ENV} (e.g. redis://127.0.0.1:6379)`);
}

/** How long a first connection may take before we say Redis is unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * A connection BullMQ can use (maxRetriesPerRequest: null: blocking commands wait for Redis to come
 * back). The first connection is checked with a PING so a wrong host or password fails at once,
 * with the URL (password hidden) and Redis's own words.
 */
export async function connectRedis(url: string, onError: (message: string) => void = () => {}): Promise<Redis> {
  const { Redis } = await import('ioredis'); // loaded only when a queue is used
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: CONNECT_TIMEOUT_MS });
  // connect() may reject with only "Connection is closed."; the error event says why (WRONGPASS...).
  let said: string | null = null;
  probe.on('error', (e: Error) => (said ??= e.message));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    probe.disconnect();
    throw new QueueError('REDIS_UNREACHABLE', `cannot use Redis at ${redactUrl(url)}: ${said ?? (e as Error).message}; is redis-server running there, and are the password and TLS (rediss://) right?`);
  }
  probe.disconnect();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  // ioredis reconnects by itself; the caller decides how loudly to say so.
  redis.on('error', (e: Error) => onError(`Redis at ${redactUrl(url)}: ${e.message}`));
  return redis;
}
