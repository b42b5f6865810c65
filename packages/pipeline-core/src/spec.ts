/**
 * Reading and checking a spec: JSON (with line:column on a syntax error), its plugins, the zod
 * schema of its registry, then the cross-stage checks. Every problem is reported at once.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PipelineError, specError, type SpecProblem } from './errors.js';
import { crossCheck } from './cross-check.js';
import { issueProblems } from './issues.js';
import { isObject, MAX_DEPTH, nestedTooDeep, parseJsonFile } from './json.js';
import { loadPlugins } from './plugins.js';
import { createRegistry, type Registry } from './registry.js';
import { toJsonSchema, type PipelineSpec } from './spec-schema.js';

/** Changes applied to a spec before it is checked (the CLI's flags). */
export interface SpecOverrides {
  name?: string;
  seed?: number;
  /** Stage id -> params merged over that stage's params: `{ train: { epochs: 2 } }`. */
  params?: Record<string, Record<string, unknown>>;
}

/** A checked spec, ready to run. */
export interface LoadedSpec {
  /** Defaults filled in; plugin paths made absolute. */
  spec: PipelineSpec;
  /** The registry's stages plus the spec's plugins, frozen. */
  registry: Registry;
  /** The spec file as the caller named it (absent for a spec built in memory). */
  file?: string;
  /** Where relative paths in the spec resolve (the spec file's directory, or the cwd). */
  specDir: string;
}

export interface ValidateOptions {
  /** Names the spec in messages; also sets specDir when that is not given. */
  file?: string;
  specDir?: string;
  overrides?: SpecOverrides;
  /** The stages to start from (default: none; @mnist-ts/pipeline passes its built-ins). Not modified. */
  registry?: Registry;
}

export function isLoadedSpec(v: unknown): v is LoadedSpec {
  return typeof v === 'object' && v !== null && 'spec' in v && 'registry' in v && 'specDir' in v;
}

/** Bounds that keep a hostile spec from exhausting memory or the stack; real specs are far below. */
export const SPEC_LIMITS = { bytes: 10_000_000, stages: 1000, plugins: 100 } as const;

/** Reads, parses and checks a spec file. */
export async function loadSpecFile(path: string, options: Omit<ValidateOptions, 'file'> = {}): Promise<LoadedSpec> {
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isFile() && stat.size > SPEC_LIMITS.bytes) {
      throw new PipelineError('SPEC_TOO_LARGE', `${path}: ${stat.size} bytes; a spec may have at most ${SPEC_LIMITS.bytes}`, { file: path });
    }
    if (!stat.isFile() && !stat.isDirectory()) throw new PipelineError('SPEC_NOT_FOUND', `${path}: not a regular file, expected a .json file`, { file: path });
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof PipelineError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, expected a .json file' : `cannot be read (${code})`;
    throw new PipelineError('SPEC_NOT_FOUND', `${path}: ${why}`, { file: path, cause: e });
  }
  const raw = parseJsonFile(text, path, 'SPEC_INVALID_JSON');
  return validateSpec(raw, { ...options, file: path, specDir: options.specDir ?? dirname(resolve(path)) });
}

/** A copy of `raw` with the overrides applied; problems for overrides that name no stage. */
function applyOverrides(raw: unknown, o: SpecOverrides | undefined): { raw: unknown; problems: SpecProblem[] } {
  if (!o || !isObject(raw)) return { raw, problems: [] };
  const copy = structuredClone(raw);
  if (o.name !== undefined) copy.name = o.name;
  if (o.seed !== undefined) copy.seed = o.seed;
  const problems: SpecProblem[] = [];
  for (const [id, params] of Object.entries(o.params ?? {})) {
    const stage = Array.isArray(copy.stages) ? copy.stages.find((s) => isObject(s) && s.id === id) : undefined;
    if (!isObject(stage)) {
      problems.push({ code: 'SPEC_UNKNOWN_REF', path: `overrides.params.${id}`, message: `no stage has the id "${id}"` });
      continue;
    }
    stage.params = { ...(isObject(stage.params) ? stage.params : {}), ...params };
  }
  return { raw: copy, problems };
}

/** Problems in file order: the top level first, then stage by stage (stable within a stage). */
function byStage(problems: SpecProblem[]): SpecProblem[] {
  const index = (p: SpecProblem) => Number(/^stages\[(\d+)\]/.exec(p.path)?.[1] ?? -1);
  return problems.map((p, k) => ({ p, k })).sort((a, b) => index(a.p) - index(b.p) || a.k - b.k).map((x) => x.p);
}

/**
 * Checks a spec held in memory (parsed JSON or an object literal) and loads its plugins. Throws a
 * PipelineError listing every problem; returns the spec with defaults filled in.
 */
export async function validateSpec(input: unknown, options: ValidateOptions = {}): Promise<LoadedSpec> {
  const fileDir = options.specDir ?? (options.file ? dirname(resolve(options.file)) : process.cwd());
  const specDir = isObject(input) && typeof input.baseDir === 'string' ? resolve(fileDir, input.baseDir) : fileDir;
  const name = isObject(input) && typeof input.name === 'string' ? input.name : undefined;
  const where = options.file ?? (name ? `spec "${name}"` : 'the spec');
  if (!isObject(input)) {
    throw specError(where, [{ code: 'SPEC_SCHEMA', path: 'spec', message: `expected an object { "name", "stages", ... }, received ${Array.isArray(input) ? 'an array' : String(input)}` }], options.file);
  }
  checkSize(input, where, options.file);
  const { raw, problems } = applyOverrides(input, options.overrides);
  const registry = (options.registry ?? createRegistry()).fork();
  const plugins = isObject(raw) && Array.isArray(raw.plugins) && raw.plugins.every((p) => typeof p === 'string') ? (raw.plugins as string[]) : [];
  await loadPlugins(plugins, specDir, registry, where);
  const parsed = registry.schema().safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.flatMap((issue) => issueProblems(issue, raw, registry)));
  problems.push(...crossCheck(raw, registry));
  if (problems.length > 0) throw specError(where, byStage(problems), options.file);
  const spec = parsed.data as PipelineSpec;
  return { spec, registry, file: options.file, specDir };
}

/** Refuses, in one line, a spec too deep or with too many stages or plugins to check safely. */
function checkSize(input: Record<string, unknown>, where: string, file?: string): void {
  const refuse = (message: string): never => {
    throw new PipelineError('SPEC_TOO_LARGE', `${where}: ${message}`, { file });
  };
  if (nestedTooDeep(input)) refuse(`nested more than ${MAX_DEPTH} levels deep; a spec needs fewer than 10`);
  for (const key of ['stages', 'plugins'] as const) {
    const list = input[key];
    if (Array.isArray(list) && list.length > SPEC_LIMITS[key]) refuse(`${key}: expected at most ${SPEC_LIMITS[key]} ${key}, received ${list.length}`);
  }
}

/** The JSON Schema of specs over a registry's stages (pipelines/spec.schema.json: over the built-ins). */
export function specJsonSchema(registry: Registry = createRegistry()): Record<string, unknown> {
  return toJsonSchema(registry.schema());
}
