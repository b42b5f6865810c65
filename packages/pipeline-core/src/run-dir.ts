/** The run directory: where it goes, refusing to overwrite, and the resolved spec.json. */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@mnist-ts/nn';
import { PipelineError } from './errors.js';
import { describeErrno, LOCK_FILE, lockRunDir, type RunDirLock } from './run-dir-lock.js';
import type { PipelineSpec } from './spec-schema.js';

/** `20251125-220503`, local time: sorts by time and reads at a glance. */
export function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export interface RunDirOptions {
  /** Exactly this directory (the CLI's --out). */
  runDir?: string;
  /** The parent of `<name>-<timestamp>/` (default `runs`, relative to the cwd). */
  outDir?: string;
  /** Continue in an existing run directory. */
  resume?: boolean;
}

/**
 * Creates (or, resuming, finds) the run directory, takes its lock (see run-dir-lock.ts) and
 * returns its absolute path; releaseRunDir(dir) frees it. A new run never writes into a directory
 * that has files: that would mix two runs. Resuming, the temporary files a killed process left
 * (`*.tmp-<pid>`) are removed: with the lock held, none of them can still be in use.
 */
export function prepareRunDir(name: string, o: RunDirOptions): string {
  if (o.runDir === undefined) return newDefaultDir(resolve(o.outDir ?? 'runs', `${name}-${timestamp()}`));
  const dir = resolve(o.runDir);
  const shown = o.runDir;
  const exists = existsSync(dir);
  if (o.resume) {
    if (!exists) throw new PipelineError('RUN_DIR_INVALID', `${shown}: no such run directory`);
    lock(dir, shown);
    removeStaleTemporaries(dir);
    return dir;
  }
  if (exists && !statSync(dir).isDirectory()) throw notEmpty(shown);
  makeDirs(dir, shown);
  lock(dir, shown);
  if (readdirSync(dir).some((f) => f !== LOCK_FILE)) {
    releaseRunDir(dir);
    throw notEmpty(shown);
  }
  return dir;
}

const locks = new Map<string, RunDirLock>();

function lock(dir: string, shown: string): void {
  locks.set(dir, lockRunDir(dir, shown));
}

/** Frees the lock prepareRunDir took on `dir` (a no-op when this process holds none). */
export function releaseRunDir(dir: string): void {
  const l = locks.get(resolve(dir));
  locks.delete(resolve(dir));
  l?.release();
}

function notEmpty(shown: string): PipelineError {
  return new PipelineError('RUN_DIR_EXISTS', `${shown}: already exists and is not an empty directory; choose another --out, or continue that run with "mnist resume ${shown}"`);
}

/** runs/<name>-<timestamp>, or -2, -3, ... when taken: mkdir without -p is the atomic claim. */
function newDefaultDir(base: string): string {
  makeDirs(dirname(base), dirname(base));
  for (let k = 1; ; k++) {
    const dir = k === 1 ? base : `${base}-${k}`;
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw unwritable(dir, dir, e);
    }
    lock(dir, dir);
    return dir;
  }
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor. Node's own recursive mkdir
 * loops forever under /proc (`--out /proc/self/x`); this fails there with the errno in words.
 */
function makeDirs(dir: string, shown: string, what = 'the run directory'): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw new PipelineError('RUN_DIR_UNWRITABLE', `${shown}: cannot create ${what}: ${at} is a file, not a directory`);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(shown, d, e, what);
    }
  }
}

function unwritable(shown: string, at: string, e: unknown, what = 'the run directory'): PipelineError {
  const why = describeErrno(e as NodeJS.ErrnoException);
  const where = resolve(shown) === at ? '' : ` (creating ${at})`;
  return new PipelineError('RUN_DIR_UNWRITABLE', `${shown}: cannot create ${what}${where}: ${why}`, { cause: e });
}

/** `<file>.tmp-<pid>` as writeFileAtomic names its temporary files. */
const TEMPORARY = /\.tmp-\d+$/;

/** Removes the temporary files of killed writers in `dir` and one level of subdirectories. */
function removeStaleTemporaries(dir: string, depth = 0): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && TEMPORARY.test(entry.name)) rmSync(path, { force: true });
    else if (entry.isDirectory() && depth < 1) removeStaleTemporaries(path, depth + 1);
  }
}

/** Writes `data` atomically, creating its directory first. */
export function writeAtomic(path: string, data: Uint8Array | string): string {
  makeDirs(dirname(path), dirname(path), 'the directory');
  writeFileAtomic(path, data);
  return path;
}

/** The engine's own runtime dependencies, whose versions every spec.json records. */
const ENGINE_DEPENDENCIES = ['@mnist-ts/nn', '@mnist-ts/mnist-data', '@mnist-ts/train', 'zod'];

function readManifest(file: string): { name?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
  } catch {
    return {};
  }
}

/** The package.json of `name` as Node would find it from here (its exports hide package.json). */
function findPackageJson(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The version of the package that holds the module `moduleUrl` (its `src/` or `dist/` file), and
 * of each of `dependencies` as Node finds them from there: `{ "<its name>": "0.1.0", zod: ... }`.
 */
export function packageVersions(moduleUrl: string, dependencies: readonly string[]): Record<string, string> {
  const here = dirname(fileURLToPath(moduleUrl));
  const own = readManifest(join(here, '..', 'package.json'));
  const versions: Record<string, string> = { [own.name ?? moduleUrl]: own.version ?? 'unknown' };
  for (const dep of dependencies) {
    const file = findPackageJson(dep, here);
    versions[dep] = (file && readManifest(file).version) ?? 'unknown';
  }
  return versions;
}

/**
 * The spec as a run records it: defaults filled in, baseDir absolute, package versions (the
 * caller's `versions` first: the layer above names itself and the packages its stages use).
 */
export function resolvedSpec(spec: PipelineSpec, specDir: string, versions: Record<string, string> = {}): PipelineSpec {
  const { name, description, seed, plugins, stages } = spec;
  const all = { ...versions, ...packageVersions(import.meta.url, ENGINE_DEPENDENCIES), node: process.versions.node };
  return { name, ...(description === undefined ? {} : { description }), seed, baseDir: specDir, plugins, stages, versions: all };
}
