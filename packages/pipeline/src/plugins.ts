/**
 * Plugins (Rollup's and unified's habit): a module or package whose default export is a stage,
 * an array of stages, or a function `({ defineStage, z }) => stage | stage[]`. The function form
 * lets a plain JavaScript file with no dependencies of its own build stages with our zod and
 * defineStage. Paths resolve relative to the spec file; nothing scans node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PipelineError } from './errors.js';
import { describe, type Registry } from './registry.js';
import { defineStage, isStage, type Stage } from './stage.js';

/** What a plugin's factory function receives. */
export interface PluginHelpers {
  defineStage: typeof defineStage;
  z: typeof z;
}

const isPath = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || spec.startsWith('file:');

/** An absolute file for a plugin path or package name, or a PLUGIN_NOT_FOUND error. */
export function resolvePlugin(spec: string, specDir: string, where: string): string {
  if (isPath(spec)) {
    const file = spec.startsWith('file:') ? new URL(spec).pathname : resolve(specDir, spec);
    if (!existsSync(file)) throw new PipelineError('PLUGIN_NOT_FOUND', `${where}: plugin "${spec}" not found: no file ${file}`, { file });
    return file;
  }
  try {
    return createRequire(join(specDir, 'spec.json')).resolve(spec);
  } catch (e) {
    const file = resolveEsmPackage(spec, specDir);
    if (file) return file;
    throw new PipelineError('PLUGIN_NOT_FOUND', `${where}: plugin package "${spec}" cannot be resolved from ${specDir} (is it installed? a file path must start with "./" or "../")`, { cause: e });
  }
}

/** An import-only package (whose exports have no require condition): its entry, found by hand. */
function resolveEsmPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    if (existsSync(join(pkgDir, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      const entry = exportTarget(pkg.exports) ?? pkg.main ?? 'index.js';
      return join(pkgDir, entry);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function exportTarget(exp: unknown): string | undefined {
  if (typeof exp === 'string') return exp;
  if (typeof exp !== 'object' || exp === null) return undefined;
  const o = exp as Record<string, unknown>;
  if ('.' in o) return exportTarget(o['.']);
  for (const cond of ['import', 'node', 'default']) if (cond in o) return exportTarget(o[cond]);
  return undefined;
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
      value = await (value as (h: PluginHelpers) => unknown)({ defineStage, z });
    } catch (e) {
      if (e instanceof PipelineError) throw new PipelineError('PLUGIN_NOT_A_STAGE', `${file}: ${e.message}`, { file, cause: e });
      throw new PipelineError('PLUGIN_LOAD_FAILED', `${file}: the plugin's function threw: ${(e as Error).message}`, { file, cause: e });
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
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new PipelineError('PLUGIN_LOAD_FAILED', `${file}: the plugin failed to load: ${(e as Error).message}`, { file, cause: e });
    }
    const stages = await pluginStages(mod, file);
    try {
      registry.use(stages, file);
    } catch (e) {
      throw new PipelineError((e as PipelineError).code ?? 'STAGE_CONFLICT', (e as Error).message, { file, cause: e });
    }
    resolved.push(isPath(spec) ? file : spec);
  }
  return resolved;
}
