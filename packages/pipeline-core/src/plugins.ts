/**
 * Plugins (Rollup's and unified's habit): a module or package whose default export is a stage,
 * an array of stages, or a function `({ defineStage, z, runPath }) => stage | stage[]`. The
 * function form lets a file with no dependencies of its own build stages with our zod and
 * defineStage. Paths resolve relative to the spec file, package names as Node resolves them from
 * there (jiti's resolver, with import conditions); nothing scans node_modules. jiti loads the
 * module, so `.ts`, `.mts` and `.cts` plugins run without a build step.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createJiti } from 'jiti';
import { z } from 'zod';
import { PipelineError, errorName, locationIn } from './errors.js';
import { describe, type Registry } from './registry.js';
import { defineStage, isStage, type Stage } from './stage.js';
import { runPath } from './write-gate.js';

/** What a plugin's factory function receives. */
export interface PluginHelpers {
  defineStage: typeof defineStage;
  z: typeof z;
  /** The param schema of a file the stage writes in the run directory (checked with the spec). */
  runPath: typeof runPath;
}

/** A plugin's default export in its factory form: `export default (({ defineStage, z }) => ...) satisfies PluginFactory`. */
export type PluginFactory = (helpers: PluginHelpers) => Stage | readonly Stage[] | Promise<Stage | readonly Stage[]>;

// No module cache (a plugin edited between two runs of one process is read again) and no file
// cache (nothing is written beside the plugin or in node_modules).
const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });

/** The absolute file a plugin path or package name resolves to; it must be a regular file. */
export function resolvePlugin(spec: string, specDir: string, where: string): string {
  const parentURL = pathToFileURL(join(specDir, '/')).href;
  const notAFile = (file: string, kind: string) => new PipelineError('PLUGIN_NOT_FOUND', `${where}: plugin "${spec}" is ${kind} (${file}), expected a module file`, { file });
  const isPath = /^[./]|^file:/.test(spec);
  const named = isPath ? fileURLToPath(new URL(spec, parentURL)) : undefined;
  const namedKind = named && fileKind(named);
  // A path to something that is not a file is refused before any resolver opens it (a device would be read forever).
  if (named && namedKind !== 'file' && namedKind !== 'missing') throw notAFile(named, namedKind!);
  const url = jiti.esmResolve(spec, { parentURL, try: true });
  if (!url) {
    const hint = named ? `no file ${named}` : `no package "${spec}" is installed where ${specDir} can see it (a file path starts with "./" or "../")`;
    throw new PipelineError('PLUGIN_NOT_FOUND', `${where}: plugin "${spec}" not found: ${hint}`);
  }
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const kind = fileKind(file);
  if (kind !== 'file') throw notAFile(file, kind);
  return file;
}

/** 'file', or what else the path is, as words. */
function fileKind(file: string): string {
  try {
    const s = statSync(file);
    if (s.isFile()) return 'file';
    if (s.isDirectory()) return 'a directory';
    if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device, not a regular file';
    return 'not a regular file';
  } catch {
    return 'missing';
  }
}

/** A module that failed to load, as one line: a syntax error at file:line:col, or what it threw. */
function loadError(file: string, e: unknown): PipelineError {
  const message = e instanceof Error ? e.message : String(e);
  // jiti reports a syntax error as "ParseError: <what>\n <file>:<line>:<column, from 0>".
  const parse = /^(?:ParseError: )?(.*?)\s*\n\s*(.+):(\d+):(\d+)\s*$/s.exec(message);
  if (parse && e instanceof Error && !('code' in e && e.code === 'ERR_UNKNOWN_FILE_EXTENSION')) {
    const [, what, , line, column] = parse as unknown as [string, string, string, string, string];
    return new PipelineError('PLUGIN_LOAD_FAILED', `${file}:${line}:${Number(column) + 1}: syntax error: ${what.trim()}`, { file, cause: e });
  }
  return new PipelineError('PLUGIN_LOAD_FAILED', `${locationIn(e, file) ?? file}: the plugin threw while loading: ${errorName(e)}${message}`, { file, cause: e });
}

/** The stages a plugin module's default export gives. */
export async function pluginStages(mod: Record<string, unknown>, file: string): Promise<Stage[]> {
  if (!('default' in mod)) {
    const names = Object.keys(mod);
    throw new PipelineError('PLUGIN_NOT_A_STAGE', `${file}: a plugin needs a default export (a stage, an array of stages, or ({ defineStage, z }) => stages); found ${names.length ? `only named exports: ${names.join(', ')}` : 'no exports'}`, { file });
  }
  let value: unknown = mod.default;
  if (typeof value === 'function' && !isStage(value)) {
    try {
      value = await (value as PluginFactory)({ defineStage, z, runPath });
    } catch (e) {
      if (e instanceof PipelineError) throw new PipelineError('PLUGIN_NOT_A_STAGE', `${file}: ${e.message}`, { file, cause: e });
      throw new PipelineError('PLUGIN_LOAD_FAILED', `${locationIn(e, file) ?? file}: the plugin's function threw: ${errorName(e)}${(e as Error).message}`, { file, cause: e });
    }
  }
  const list = Array.isArray(value) ? value : [value];
  const bad = list.findIndex((s) => !isStage(s));
  if (list.length === 0 || bad >= 0) {
    const what = list.length === 0 ? 'an empty array' : Array.isArray(value) ? `element ${bad}: ${describe(list[bad])}` : describe(value);
    throw new PipelineError(
      'PLUGIN_NOT_A_STAGE',
      `${file}: the default export is not a stage: expected a stage made with defineStage, an array of them, or a function ({ defineStage, z }) => stage(s); found ${what}`,
      { file },
    );
  }
  return list as Stage[];
}

/**
 * Loads each plugin into `registry`; returns their resolved locations (absolute files; package
 * names stay names), as spec.json records them.
 */
export async function loadPlugins(plugins: readonly string[], specDir: string, registry: Registry, where: string): Promise<string[]> {
  const resolved: string[] = [];
  for (const [k, spec] of plugins.entries()) {
    const file = resolvePlugin(spec, specDir, `${where}: plugins[${k}]`);
    let mod: Record<string, unknown>;
    try {
      mod = await jiti.import<Record<string, unknown>>(file);
    } catch (e) {
      throw loadError(file, e);
    }
    const stages = await pluginStages(mod, file);
    try {
      registry.use(stages, file);
    } catch (e) {
      throw new PipelineError((e as PipelineError).code ?? 'STAGE_CONFLICT', (e as Error).message, { file, cause: e });
    }
    resolved.push(/^[./]|^file:/.test(spec) ? file : spec);
  }
  return resolved;
}
