import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedisUrl, connectRedis, redactUrl, resolveRedisUrl } from './redis.js';
import { startRedis, type TestRedis } from './testing.js';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
};

describe('the Redis URL', () => {
  it('takes redis:// and rediss://, from the spec or MNIST_REDIS_URL, and names the field when wrong', () => {
    expect(checkRedisUrl('rediss://:pw@cache.example:6380', 'x')).toBe('rediss://:pw@cache.example:6380');
    expect(resolveRedisUrl(undefined, 'x', { MNIST_REDIS_URL: 'redis://10.0.0.5:6379' })).toBe('redis://10.0.0.5:6379');
    expect(message(() => checkRedisUrl('http://:secret@host:6379', 'stages.sweep.params.redis'))).toMatchInlineSnapshot(
      `"stages.sweep.params.redis: expected a redis:// or rediss:// URL, found the scheme "http:" in http://:***@host:6379"`,
    );
    expect(message(() => checkRedisUrl('localhost:6379', 'option --redis'))).toMatchInlineSnapshot(
      `"option --redis: expected a redis:// or rediss:// URL, found the scheme "localhost:" in localhost:6379"`,
    );
    expect(message(() => resolveRedisUrl(undefined, 'stages.sweep.params.redis', {}))).toMatchInlineSnapshot(
      `"stages.sweep.params.redis: the queue executor needs a Redis URL: set it there or in MNIST_REDIS_URL (e.g. redis://127.0.0.1:6379)"`,
    );
  });

  it('never shows the password', () => {
    expect(redactUrl('redis://user:hunter2@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(redactUrl('rediss://:hunter2@host:6380')).toBe('rediss://:***@host:6380');
  });
});

describe('connecting (a real redis-server with a password)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis(['--requirepass', 'sesame']);
  });
  afterAll(() => redis?.stop());

  it('connects with the password in the URL, and says why not without it', async () => {
    const url = `redis://:sesame@127.0.0.1:${redis.port}`;
    const ok = await connectRedis(url);
    expect(await ok.ping()).toBe('PONG');
    await ok.quit();
    const wrong = await connectRedis(`redis://:nope@127.0.0.1:${redis.port}`).catch((e: Error) => e.message);
    expect(wrong).toContain(`cannot use Redis at redis://:***@127.0.0.1:${redis.port}: WRONGPASS`);
    expect(wrong).not.toContain('nope');
  });

  it('fails at once, naming the server, when nothing listens there', async () => {
    await redis.stop();
    const err = await connectRedis(redis.url).catch((e: Error) => e.message);
    expect(err).toMatch(new RegExp(`^cannot use Redis at redis://127.0.0.1:${redis.port}: .*ECONNREFUSED`));
  });
});
