/**
 * zod issues turned into problems a person can act on: the path as they would write it, what was
 * expected, what the file holds there, and a "did you mean" where a name is close to a known one.
 */
import type { z } from 'zod';
import type { SpecProblem } from './errors.js';
import type { Registry } from './registry.js';
import { SPEC_KEYS, STAGE_KEYS } from './spec-schema.js';
import { didYouMean } from './suggest.js';

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/** `stages[1].params.lr`; the top level is `spec`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? 'spec' : out;
}

export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A value from the file, as it would be written there. */
export function received(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false', object: 'an object',
  array: 'an array', record: 'an object', null: 'null', never: 'nothing here',
};

function bound(issue: Issue & { origin?: string; inclusive?: boolean }, limit: number | bigint, small: boolean): string {
  const n = Number(limit);
  switch (issue.origin) {
    case 'array':
    case 'set':
      return `${small ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`;
    case 'string':
      return small && n === 1 ? 'a non-empty string' : `a string of ${small ? 'at least' : 'at most'} ${n} characters`;
    default:
      return `a number ${small ? '>' : '<'}${issue.inclusive ? '=' : ''} ${n}`;
  }
}

/** What the schema wanted, from the issue (a custom message starting "expected " is used as is). */
function expected(issue: Issue): string {
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue ? `a string matching ${String(issue.pattern)}` : `a ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
      // One option per alternative, from the issues each raised at this very place.
      const forms = issue.errors.flatMap((option) => option.filter((i) => i.path.length === 0).slice(0, 1).map(expected));
      return forms.length > 0 ? [...new Set(forms)].join(' or ') : 'one of the forms this field allows';
    }
    default:
      return issue.message;
  }
}

/** The keys an object schema allows, following optional/default/union wrappers down `path`. */
export function keysAt(schema: unknown, path: Path): string[] {
  const defs = reach(schema, path);
  return [...new Set(defs.flatMap((d) => (d.type === 'object' ? Object.keys(d.shape as object) : [])))];
}

interface Def {
  type: string;
  shape?: unknown;
  innerType?: unknown;
  options?: unknown[];
  in?: unknown;
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Every object-ish schema `path` may lead to (a union leads to each of its options). */
function reach(schema: unknown, path: Path): Def[] {
  const def = defOf(schema);
  if (!def) return [];
  if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) return reach(def.innerType, path);
  if (def.type === 'pipe') return reach(def.in, path);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => reach(o, path));
  if (path.length === 0) return [def];
  if (def.type === 'object') return reach((def.shape as Record<PropertyKey, unknown>)[path[0]!], path.slice(1));
  return [];
}

/** The known keys at an object in the spec (top level, a stage entry, its inputs, its params). */
function knownKeys(path: Path, raw: unknown, registry: Registry): string[] {
  if (path.length === 0) return [...SPEC_KEYS];
  if (path[0] !== 'stages' || typeof path[1] !== 'number') return [];
  if (path.length === 2) return [...STAGE_KEYS];
  const stage = registry.get(String(stageTypeAt(path, raw)));
  if (!stage) return [];
  if (path[2] === 'inputs' && path.length === 3) return Object.keys(stage.inputs);
  if (path[2] === 'params') return keysAt(stage.params, path.slice(3));
  return [];
}

/** The registered type of the stage a path lies in, for the "(train.sgd)" label. */
function stageLabel(path: Path, raw: unknown, registry: Registry): string | undefined {
  if (path[0] !== 'stages' || typeof path[1] !== 'number' || path.length < 3) return undefined;
  const type = stageTypeAt(path, raw);
  return typeof type === 'string' && registry.has(type) ? type : undefined;
}

/** The `type` of the stage entry `stages[i]` a path starts with. */
const stageTypeAt = (path: Path, raw: unknown): unknown => valueAt(raw, [...path.slice(0, 2), 'type']);

function unknownStage(path: Path, raw: unknown, registry: Registry): SpecProblem {
  const type = valueAt(raw, path);
  const where = formatPath(path);
  if (typeof type !== 'string') {
    return { code: 'SPEC_SCHEMA', path: where, message: `expected a stage type such as "train.sgd", received ${received(type)}` };
  }
  const hint = didYouMean(type, registry.types());
  const message = hint
    ? `unknown stage type "${type}"${hint}`
    : `unknown stage type "${type}"; no built-in or plugin stage has it (is its plugin listed under "plugins"?)`;
  return { code: 'SPEC_UNKNOWN_STAGE', path: where, message };
}

/** One issue as one or more problems (an unknown-keys issue gives one per key). */
export function issueProblems(issue: Issue, raw: unknown, registry: Registry): SpecProblem[] {
  const path = issue.path;
  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator === 'type' && path.length === 3 && path[0] === 'stages') {
    return [unknownStage(path, raw, registry)];
  }
  // A registry with no stages makes each entry `never` (an engine started without its built-ins).
  if (issue.code === 'invalid_type' && issue.expected === 'never' && path.length === 2 && path[0] === 'stages') {
    return [unknownStage([...path, 'type'], raw, registry)];
  }
  const stage = stageLabel(path, raw, registry);
  const base = { code: 'SPEC_SCHEMA' as const, ...(stage ? { stage } : {}) };
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path, raw, registry);
    return issue.keys.map((key) => ({
      ...base,
      path: formatPath(path),
      message: `unknown key "${key}"${didYouMean(key, known) || (known.length > 0 ? `; expected one of ${known.join(', ')}` : '; none allowed here')}`,
    }));
  }
  return [{ ...base, path: formatPath(path), message: `expected ${expected(issue)}, received ${received(valueAt(raw, path))}` }];
}
