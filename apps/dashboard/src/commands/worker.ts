/**
 * `mnist worker --redis URL [--concurrency N]`: this machine's share of a distributed sweep or
 * seed study. It pulls trials from the BullMQ queue on Redis until Ctrl-C, one thread per trial.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { REDIS_URL_ENV, resolveRedisUrl, startWorker } from '@mnist-ts/queue';
import { CliError } from '../cli-error.js';
import { jsonLine } from '../json-log.js';
import { positiveInt, withGlobalOptions, type GlobalOptions } from '../options.js';
import { useBackend, type Ctx } from './context.js';

interface WorkerFlags extends GlobalOptions {
  redis?: string;
  concurrency: number;
  lockMs: number;
  stallCheckMs: number;
}

export function registerWorker(program: Command, ctx: Ctx): void {
  withGlobalOptions(
    program
      .command('worker')
      .description('pull sweep and seed-study trials from a BullMQ queue on Redis and run them here (until Ctrl-C)'),
  )
    .option('--redis <url>', `the queue's Redis: redis://[:password@]host:port or rediss:// for TLS (default: $${REDIS_URL_ENV})`)
    .option('--concurrency <n>', 'trials at once on this machine, each in its own thread (default: the number of cores)', positiveInt)
    .option('--lock-ms <n>', "how long a trial's lock lasts unrenewed: a dead worker's trials move on after about this long", positiveInt, 30_000)
    .option('--stall-check-ms <n>', 'how often to look for trials whose worker died', positiveInt, 30_000)
    .action(async (opts: WorkerFlags) => {
      const { io } = ctx;
      if (opts.redis === undefined && !io.env[REDIS_URL_ENV]) {
        throw new CliError(`mnist worker needs the queue's Redis: pass --redis URL or set ${REDIS_URL_ENV} (e.g. redis://127.0.0.1:6379)`);
      }
      const url = resolveRedisUrl(opts.redis, opts.redis !== undefined ? "option '--redis <url>'" : REDIS_URL_ENV, io.env);
      const say = (message: string) => void io.stdout.write(opts.json ? jsonLine({ type: 'log', message }) : `${message}\n`);
      // Each trial thread takes the best single-threaded backend, unless --backend names one.
      if (opts.backend !== 'auto') await useBackend(opts.backend); // checks the name
      const worker = await startWorker({
        url, log: say,
        ...(opts.backend !== 'auto' ? { backend: opts.backend } : {}),
        concurrency: opts.concurrency ?? availableParallelism(),
        lockDuration: opts.lockMs, stalledInterval: opts.stallCheckMs,
      });
      // First Ctrl-C: finish the running trials, take no more. Second: leave now; the trials'
      // locks lapse and other workers go on from their last checkpoints.
      await new Promise<void>((resolve) => {
        let stopping = false;
        const off = io.onInterrupt(() => {
          if (stopping) return io.exitNow(130);
          stopping = true;
          io.stderr.write('stopping: finishing the running trials (Ctrl-C again to leave them to other workers)\n');
          void worker.close().then(() => {
            off();
            resolve();
          });
        });
      });
      if (opts.json) io.stdout.write(jsonLine({ type: 'result', status: 'interrupted', worker: worker.name }));
      ctx.exitCode = 130;
    });
}
