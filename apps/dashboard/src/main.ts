/**
 * The `mnist` command, callable in-process: `main(argv, io)` resolves to the exit code instead of
 * exiting, so tests drive it with fake streams. cli.ts wires it to the real process.
 *   0 done · 1 failed (bad input or a stage error) · 130 interrupted (after saving a checkpoint)
 */
import { Command, CommanderError } from 'commander';
import { formatError } from './cli-error.js';
import { defaultDeps, type Ctx, type Deps } from './commands/context.js';
import { registerModelCommands } from './commands/model-commands.js';
import { registerNewStage } from './commands/new-stage.js';
import { registerPipelineCommands } from './commands/pipeline-commands.js';
import { registerVisualize } from './commands/visualize.js';
import { registerWorker } from './commands/worker.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

export function buildProgram(ctx: Ctx): Command {
  const program = new Command('mnist')
    .description('Train, evaluate and inspect a two-layer network on MNIST (a live dashboard on a terminal, plain lines otherwise)')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
      outputError: (s, write) => write(oneLine(s)),
    });
  program.addHelpText(
    'after',
    '\nEvery command takes --json, --seed <n>, --backend <name> and --debug.\nExit codes: 0 done, 1 failed, 130 interrupted (resume with: mnist resume <run-dir>).',
  );
  registerPipelineCommands(program, ctx);
  registerModelCommands(program, ctx);
  registerVisualize(program, ctx);
  registerNewStage(program, ctx);
  registerWorker(program, ctx);
  return program;
}

/**
 * A flag error as one line (scripts read the first line of stderr): commander's suggestion joins
 * it in parentheses, then the pointer to --help. "argument 'abc' is invalid. expected a number"
 * reads better with a colon.
 */
function oneLine(s: string): string {
  const text = s.trim().replace(/ is invalid\. /, ' is invalid: ').replace(/\s*\n\s*/g, ' ');
  return `${text} (add --help for usage)\n`;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io, deps: Deps = defaultDeps): Promise<number> {
  const ctx: Ctx = { io, deps, exitCode: 0 };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    // Commander has already printed its own errors (and help/version, which exit 0).
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    io.stderr.write(formatError(e, argv.includes('--debug')));
    return 1;
  }
}
