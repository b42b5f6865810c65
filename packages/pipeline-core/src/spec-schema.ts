/**
 * The spec's shape. Each registered stage becomes one strict object
 * `{ id, type: <literal>, params: <its schema>, inputs: {name: "<stage>.<output>"}, needs? }`,
 * and the stages array is a discriminated union of them on `type`.
 */
import { z } from 'zod';
import { article, parseInputKind, type Kind } from './kinds.js';
import type { Stage } from './stage.js';

/** A stage id: it names outputs (`<id>.<output>`), so no dots. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** `<stage id>.<output name>` */
export const REF_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z][A-Za-z0-9_-]*$/;
/** A spec name becomes part of the run directory's name. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The top-level keys, in the order spec.json writes them. */
export const SPEC_KEYS = ['$schema', 'name', 'description', 'seed', 'baseDir', 'plugins', 'stages', 'versions'] as const;
export const STAGE_KEYS = ['id', 'type', 'description', 'params', 'inputs', 'needs'] as const;

/** One stage of a validated spec, defaults filled in. */
export interface StageEntry {
  id: string;
  type: string;
  description?: string;
  params: Record<string, unknown>;
  /** One reference, or a list of them for an input of a list kind (`hooks[]`). */
  inputs: Record<string, string | string[]>;
  needs?: string[];
}

/** A validated spec. */
export interface PipelineSpec {
  $schema?: string;
  name: string;
  description?: string;
  seed: number;
  /** Where relative paths (plugins, data files) resolve; default the spec file's directory. */
  baseDir?: string;
  /** Module paths (relative to baseDir) or package names. */
  plugins: string[];
  stages: StageEntry[];
  /** Package versions, recorded in a run directory's spec.json. */
  versions?: Record<string, string>;
}

/** What a spec file may hold before defaults are filled in. */
export interface PipelineSpecInput {
  $schema?: string;
  name: string;
  description?: string;
  seed?: number;
  baseDir?: string;
  plugins?: string[];
  stages: { id: string; type: string; description?: string; params?: Record<string, unknown>; inputs?: Record<string, string | string[] | undefined>; needs?: string[] }[];
  versions?: Record<string, string>;
}

const idSchema = z
  .string({ error: 'expected a stage id (letters, digits, _ and -, starting with a letter)' })
  .regex(ID_PATTERN, { error: 'expected a stage id (letters, digits, _ and -, starting with a letter; no dots)' });

function refSchema(kind: Kind): z.ZodType {
  const expected = `expected a reference "<stage id>.<output>" to ${article(kind)}`;
  return z.string({ error: expected }).regex(REF_PATTERN, { error: expected });
}

/** The schema of one stage entry of a spec. */
export function stageEntrySchema(stage: Stage): z.ZodType {
  const inputs: Record<string, z.ZodType> = {};
  for (const [name, k] of Object.entries(stage.inputs)) {
    const { kind, optional, list } = parseInputKind(k);
    const ref = refSchema(kind);
    inputs[name] = list ? z.union([ref, z.array(ref)]).optional() : optional ? ref.optional() : ref;
  }
  const entry = z.strictObject({
    id: idSchema,
    type: z.literal(stage.type),
    description: z.string().optional(),
    params: stage.params.prefault({}),
    inputs: z.strictObject(inputs).prefault({}),
    needs: z.array(idSchema).optional().meta({ description: 'Stage ids that must run first (besides those the inputs name)' }),
  });
  return stage.description ? entry.meta({ description: stage.description }) : entry;
}

/** The whole spec's schema over the given stages. */
export function buildSpecSchema(stages: readonly Stage[]): z.ZodType {
  const entries = stages.map(stageEntrySchema) as [z.ZodObject, ...z.ZodObject[]];
  const stage = entries.length === 0 ? z.never() : z.discriminatedUnion('type', entries);
  return z.strictObject({
    $schema: z.string().optional(),
    name: z
      .string({ error: 'expected a name (it names the run directory)' })
      .regex(NAME_PATTERN, { error: 'expected a name of letters, digits, ".", "_" and "-" (it names the run directory)' }),
    description: z.string().optional(),
    seed: z.int().min(0).max(0xffffffff).default(1).meta({ description: 'Seeds every random choice a stage does not seed itself' }),
    baseDir: z.string().min(1).optional().meta({ description: "Where relative paths resolve; default: this file's directory (a run's spec.json records the original)" }),
    plugins: z.array(z.string().min(1)).default([]).meta({ description: 'Stage plugins: paths relative to this file, or package names' }),
    stages: z.array(stage).min(1),
    versions: z.record(z.string(), z.string()).optional(),
  });
}

/**
 * The JSON Schema (draft 2020-12) of specs over the given registry's schema, for editors:
 * `"$schema": "./spec.schema.json"` in a spec file gives completion and checks as you type.
 */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, title: 'mnist-ts pipeline spec' };
}
