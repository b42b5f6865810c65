/** The commands that run a pipeline with a live view: run, sweep, train, resume. */
import { PAPER_CONFIG } from '@mnist-ts/train';
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, requireDir, requireFile } from '../cli-error.js';
import { chooseMode } from '../io.js';
import { hiddenTooLarge } from '../memory.js';
import { nonNegativeNumber, positiveInt, positiveNumber, withGlobalOptions, type GlobalOptions } from '../options.js';
import type { PaperSpec, PipelineApi, PipelineOutcome, PipelineRunOptions } from '../pipeline-api.js';
import { runSession, type StartContext } from '../session.js';
import { useBackend, type Ctx } from './context.js';

type Start = (api: PipelineApi, run: PipelineRunOptions) => Promise<PipelineOutcome>;

/**
 * Sets the backend, loads the pipeline, lets `prepare` check the input (a bad spec fails here,
 * before any dashboard is drawn), then runs what it returns in a session with the chosen view.
 */
async function session(ctx: Ctx, opts: GlobalOptions, prepare: (api: PipelineApi) => Promise<Start>): Promise<void> {
  const { io, deps } = ctx;
  const backend = await useBackend(opts.backend);
  if (opts.debug) for (const s of backend.skipped) io.stderr.write(`backend skipped: ${s}\n`);
  const api = await deps.pipeline();
  const start = await prepare(api);
  ctx.exitCode = await runSession({
    io,
    mode: chooseMode(io, opts.json === true),
    debug: opts.debug === true,
    backend: backend.name,
    describeError: (e) => api.formatPipelineError(e),
    ...(deps.mount ? { mount: deps.mount } : {}),
    start: ({ emit, signal, pause }: StartContext) => start(api, { emit, signal, pause }),
  });
}

const OUT_HELP = 'the run directory, new or empty (default runs/<name>-<timestamp>/)';

interface RunOptions extends GlobalOptions {
  out?: string;
}

export function registerPipelineCommands(program: Command, ctx: Ctx): void {
  const runLike = (name: string, summary: string) =>
    withGlobalOptions(program.command(name).description(summary).argument('<spec.json>', 'the pipeline spec file'))
      .option('--out <dir>', OUT_HELP)
      .action(async (spec: string, opts: RunOptions) => {
        requireFile(spec, 'spec file');
        await session(ctx, opts, async (api) => {
          const loaded = await api.loadSpecFile(spec, opts.seed !== undefined ? { overrides: { seed: opts.seed } } : {});
          checkSpecMemory(spec, loaded.spec?.stages ?? []);
          return (_, run) => api.runPipeline(loaded, { ...run, ...(opts.out ? { runDir: opts.out } : {}) });
        });
      });
  runLike('run', 'run a pipeline spec: data, training, evaluation, figures and report');
  runLike('sweep', 'run a hyperparameter search spec; trials train in parallel worker threads');

  withGlobalOptions(program.command('train').description("train the paper's two-layer network without writing a spec"))
    .option('--hidden <n>', 'hidden units (refused when training them would not fit in memory)', hiddenUnits, PAPER_CONFIG.hidden)
    .option('--lr <n>', 'initial learning rate', positiveNumber, PAPER_CONFIG.lr)
    .option('--l2 <n>', 'L2 strength λ', nonNegativeNumber, PAPER_CONFIG.l2)
    .option('--epochs <n>', 'epochs', positiveInt, PAPER_CONFIG.epochs)
    .option('--batch <n>', 'minibatch size', positiveInt, PAPER_CONFIG.batchSize)
    .option('--limit <n>', 'train on the first n training images only (a quick try; default all 60,000)', positiveInt)
    .option('--name <name>', 'run name (the default run directory is runs/<name>-<timestamp>/)', runName, 'train')
    .option('--out <dir>', OUT_HELP)
    .action(async (opts: RunOptions & { hidden: number; lr: number; l2: number; epochs: number; batch: number; name: string; limit?: number }) => {
      await session(ctx, opts, async (api) => {
        const spec = api.paperSpec({
          hidden: opts.hidden, lr: opts.lr, l2: opts.l2, epochs: opts.epochs, batchSize: opts.batch,
          seed: opts.seed ?? PAPER_CONFIG.seed, name: opts.name,
        });
        if (opts.limit !== undefined) withLimit(spec, opts.limit);
        return (_, run) => api.runPipeline(spec, { ...run, ...(opts.out ? { runDir: opts.out } : {}) });
      });
    });

  withGlobalOptions(program.command('resume').description('continue an interrupted run from its last checkpoint').argument('<run-dir>', 'the run directory'))
    .action(async (runDir: string, opts: GlobalOptions) => {
      requireDir(runDir, 'run directory');
      if (!existsSync(join(runDir, 'spec.json'))) throw new CliError(`${runDir} is not a run directory: it has no spec.json`);
      if (opts.seed !== undefined) ctx.io.stderr.write(`warning: --seed is ignored by resume: the run keeps the seed in ${join(runDir, 'spec.json')}\n`);
      checkSpecMemory(join(runDir, 'spec.json'), recordedStages(join(runDir, 'spec.json')));
      await session(ctx, opts, async () => (api, run) => api.resumePipeline(runDir, run));
    });
}

/** --name: it becomes part of a directory name, so no "/" and no "..". */
function runName(text: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text)) throw new InvalidArgumentError('expected letters, digits, ".", "_" and "-", starting with a letter or digit (it names the run directory)');
  return text;
}

/** --hidden: a whole number > 0 whose network fits in memory. */
function hiddenUnits(text: string): number {
  const hidden = positiveInt(text);
  const why = hiddenTooLarge(hidden);
  if (why) throw new InvalidArgumentError(why);
  return hidden;
}

/** A spec's `hidden` params (model.two-layer, train.sgd, ...) checked the same way, by field. */
function checkSpecMemory(file: string, stages: readonly { params?: unknown }[]): void {
  stages.forEach((st, i) => {
    const hidden = (st.params as { hidden?: unknown } | undefined)?.hidden;
    const why = typeof hidden === 'number' ? hiddenTooLarge(hidden) : null;
    if (why) throw new CliError(`${file}: stages[${i}].params.hidden is ${hidden}: ${why}`);
  });
}

/** The stages a run's spec.json records, for checkSpecMemory; [] when it cannot be read (resume then says why). */
function recordedStages(file: string): { params?: unknown }[] {
  try {
    if (statSync(file).size > 10_000_000) return [];
    const stages = (JSON.parse(readFileSync(file, 'utf8')) as { stages?: unknown }).stages;
    return Array.isArray(stages) ? (stages as { params?: unknown }[]) : [];
  } catch {
    return [];
  }
}

/** Sets `limit` on the spec's MNIST stage (paperSpec starts with one). */
function withLimit(spec: PaperSpec, limit: number): void {
  const data = spec.stages.find((st) => st.type === 'data.mnist');
  if (!data) throw new Error('paperSpec has no data.mnist stage to apply --limit to');
  data.params = { ...data.params, limit };
}
