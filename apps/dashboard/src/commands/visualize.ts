import type { Command } from 'commander';
import { requireDir } from '../cli-error.js';
import { jsonLine } from '../json-log.js';
import { withGlobalOptions, type GlobalOptions } from '../options.js';
import { PlainLog } from '../plain-log.js';
import { ViewStore } from '../view-store.js';
import { useBackend, type Ctx } from './context.js';

/** `mnist visualize <run-dir>`: quick and non-interactive, so plain lines (or JSON) on any output. */
export function registerVisualize(program: Command, ctx: Ctx): void {
  withGlobalOptions(
    program
      .command('visualize')
      .description('(re)draw every figure and the report of a run directory')
      .argument('<run-dir>', 'the run directory'),
  ).action(async (runDir: string, opts: GlobalOptions) => {
    requireDir(runDir, 'run directory');
    await useBackend(opts.backend);
    const api = await ctx.deps.pipeline();
    const { stdout, stderr } = ctx.io;
    const store = new ViewStore();
    store.subscribe(new PlainLog(stdout, stderr).onEvent);
    const result = await api.visualizeRun(runDir, { emit: (e) => (opts.json ? stdout.write(jsonLine(e)) : store.dispatch(e)) });
    if (opts.json) stdout.write(jsonLine({ type: 'result', status: 'done', runDir: result.runDir, files: result.files }));
    else stdout.write(`redrew ${result.files.length} file${result.files.length === 1 ? '' : 's'} in ${result.runDir}\n`);
    ctx.exitCode = 0;
  });
}
