import { listBackends, setBackend } from '@mnist-ts/tensor';
import { CliError } from '../cli-error.js';
import type { mountDashboard } from '../ink-view.js';
import type { Io } from '../io.js';
import { loadPipeline, type PipelineApi } from '../pipeline-api.js';

/** What the commands call that a test may want to replace. */
export interface Deps {
  pipeline(): Promise<PipelineApi>;
  /** Replaces the Ink dashboard (tests). */
  mount?: typeof mountDashboard;
}

export const defaultDeps: Deps = { pipeline: loadPipeline };

export interface Ctx {
  io: Io;
  deps: Deps;
  /** Set by the command that ran. */
  exitCode: number;
}

/** Activates the --backend choice; an unknown name is a flag error that lists the known ones. */
export async function useBackend(name: string): Promise<{ name: string; skipped: string[] }> {
  const known = listBackends().map((b) => b.name);
  if (name !== 'auto' && !known.includes(name)) {
    throw new CliError(`option '--backend <name>' argument '${name}' is invalid: expected one of auto, ${known.join(', ')}`);
  }
  const { backend, skipped } = await setBackend(name);
  return { name: backend.name, skipped };
}
