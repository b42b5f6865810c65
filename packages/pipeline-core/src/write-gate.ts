/**
 * The one gate for files a stage writes: `context.writeFile(relPath, ...)`. A path must stay
 * inside the run directory and must not be one of the files the runner and the trainer keep
 * there (overwriting spec.json would make the run impossible to resume). Params that name a file
 * a stage will write use `runPath()`, so a bad one is refused with the field named when the spec
 * is checked, before anything runs; the gate refuses it again at write time, for plugins too.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { PipelineError } from './errors.js';
import { writeAtomic } from './run-dir.js';

/** Files of a run directory that belong to the runner and the trainer, not to a stage's writeFile. */
export const RESERVED_RUN_FILES = ['spec.json', 'checkpoint.safetensors', 'metrics.jsonl', 'sweep.jsonl', '.lock'] as const;

/** What is wrong with `path` as a file inside the run directory (undefined when it is fine). */
export function runPathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'expected a path without NUL characters';
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return 'expected a path relative to the run directory, not an absolute one';
  const normal = posix.normalize(path.replaceAll('\\', '/'));
  if (normal === '..' || normal.startsWith('../')) return 'expected a path inside the run directory (it leads out with "..")';
  if (normal === '.' || normal === '' || normal.endsWith('/')) return 'expected a file name inside the run directory';
  if ((RESERVED_RUN_FILES as readonly string[]).includes(normal)) return `expected a file other than the run's own ${RESERVED_RUN_FILES.join(', ')}`;
  return undefined;
}

/** A param naming a file the stage writes in the run directory; checked with the spec. */
export function runPath(): z.ZodString {
  return z.string().min(1).check((ctx) => {
    const problem = runPathProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
}

/**
 * Writes `data` to `relPath` inside `runDir`, atomically, and returns the absolute path. Refuses
 * (PATH_OUTSIDE_RUN) a path that runPathProblem refuses, or whose directory resolves outside the
 * run directory through a symbolic link.
 */
export function writeRunFile(runDir: string, relPath: string, data: Uint8Array | string): string {
  const refuse = (why: string): never => {
    throw new PipelineError('PATH_OUTSIDE_RUN', `writeFile("${relPath}"): ${why}`);
  };
  const problem = runPathProblem(relPath);
  if (problem) refuse(problem);
  const path = resolve(runDir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  const inside = relative(realpathSync(runDir), realpathSync(dirname(path)));
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) refuse('its directory leads out of the run directory (a symbolic link)');
  return writeAtomic(path, data);
}
