/**
 * A stage is a value declared once (unified's plugins, Rollup's hooks): its type, a zod schema for
 * its params, the kinds of its inputs and outputs, and `run`. Built-in stages and plugins use the
 * same defineStage.
 */
import type { z } from 'zod';
import type { Emit, Pauser } from '@mnist-ts/train';
import { PipelineError } from './errors.js';
import { KINDS, isInputKind, type InputKind, type Kind, type KindValues } from './kinds.js';
import type { PipelineSpec } from './spec-schema.js';

/** Marks a value made by defineStage; Symbol.for so that two copies of this package agree. */
export const STAGE_BRAND: unique symbol = Symbol.for('@mnist-ts/pipeline.stage');

/** The dashboard's pause control, as train() takes it. */
export type { Pauser };

export interface StageContext {
  /** The run directory (absolute); a stage writes its files there. */
  runDir: string;
  /** The spec's seed; a stage without its own `seed` param uses this. */
  seed: number;
  /** The spec file's directory (absolute): relative paths in params resolve against it. */
  specDir: string;
  /** True when the run continues an interrupted one in the same directory. */
  resume: boolean;
  /** While `pause.paused`, long stages wait between steps (train.sgd passes it to train()). */
  pause?: Pauser;
  /** A stage that the signal cut short says so; the run then ends as interrupted. */
  stoppedEarly(): void;
  stageId: string;
  stageType: string;
  /** The run's resolved spec (defaults filled in), as spec.json holds it. */
  spec: PipelineSpec;
  /** Emits a `log` event. */
  log(message: string): void;
  /** A path from the spec, resolved against specDir. */
  resolvePath(path: string): string;
  /**
   * Writes <runDir>/<relPath> atomically, emits an `artifact` event, returns the absolute path.
   * The one way a stage writes a file: a path that leaves the run directory (absolute, "..", a
   * symbolic link out) or names the run's own spec.json, checkpoint.safetensors, metrics.jsonl or
   * sweep.jsonl is refused with PATH_OUTSIDE_RUN. Declare such a param with `runPath()` to have it
   * refused when the spec is checked.
   */
  writeFile(relPath: string, data: Uint8Array | string, kind: string): Promise<string>;
  /** Announces a file the stage's code wrote inside the run directory by other means (train()'s checkpoint). */
  artifact(path: string, kind: string): void;
}

export interface StageArgs<P = unknown, I = Record<string, unknown>> {
  params: P;
  inputs: I;
  emit: Emit;
  signal: AbortSignal;
  context: StageContext;
}

type InputValue<K extends InputKind> = K extends `${infer B extends Kind}[]`
  ? KindValues[B][]
  : K extends `${infer B extends Kind}?`
    ? KindValues[B] | undefined
    : K extends Kind
      ? KindValues[K]
      : never;
export type InputValues<I extends Record<string, InputKind>> = { [N in keyof I]: InputValue<I[N]> };
export type OutputValues<O extends Record<string, Kind>> = { [N in keyof O]: KindValues[O[N]] };

export interface StageDefinition<P extends z.ZodType, I extends Record<string, InputKind>, O extends Record<string, Kind>> {
  /** Dotted, lower case: `train.sgd`, `augment.noise`. */
  type: string;
  /** Bump when the meaning of params or outputs changes; a run's spec.json records it under `versions` as `"stage:<type>": "<version>"`. */
  version: number;
  description?: string;
  params: P;
  inputs?: I;
  outputs?: O;
  run(args: StageArgs<z.output<P>, InputValues<I>>): Promise<OutputValues<O>> | OutputValues<O>;
}

/** A stage with its types erased, as the registry and the runner hold it. */
export interface Stage {
  readonly [STAGE_BRAND]: true;
  readonly type: string;
  readonly version: number;
  readonly description?: string;
  readonly params: z.ZodType;
  readonly inputs: Readonly<Record<string, InputKind>>;
  readonly outputs: Readonly<Record<string, Kind>>;
  run(args: StageArgs<unknown, Record<string, unknown>>): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function isStage(value: unknown): value is Stage {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[STAGE_BRAND] === true;
}

/** A zod 4 schema (from any copy of zod 4): it has the `_zod` internals and safeParse. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/** Every way `def` is malformed, as sentences; empty when it is a good definition. */
export function definitionProblems(def: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const type = def.type;
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type)) {
    problems.push(`type: expected a dotted lower-case name like "augment.noise", received ${JSON.stringify(type)}`);
  }
  if (!Number.isInteger(def.version) || (def.version as number) < 1) problems.push(`version: expected a positive integer, received ${JSON.stringify(def.version)}`);
  if (!isZodSchema(def.params)) problems.push('params: expected a zod 4 schema (z.strictObject({...}))');
  if (typeof def.run !== 'function') problems.push('run: expected a function ({ params, inputs, emit, signal, context }) => outputs');
  for (const side of ['inputs', 'outputs'] as const) {
    const ports = def[side];
    if (ports === undefined) continue;
    if (typeof ports !== 'object' || ports === null || Array.isArray(ports)) {
      problems.push(`${side}: expected an object of name -> kind`);
      continue;
    }
    for (const [name, kind] of Object.entries(ports)) {
      if (!NAME_PATTERN.test(name)) problems.push(`${side}.${name}: a name is letters, digits, _ and -, starting with a letter`);
      const ok = side === 'inputs' ? isInputKind(kind) : (KINDS as readonly unknown[]).includes(kind);
      if (!ok) problems.push(`${side}.${name}: expected one of ${KINDS.join(', ')}${side === 'inputs' ? " (with '?' if optional, '[]' for a list)" : ''}, received ${JSON.stringify(kind)}`);
    }
  }
  return problems;
}

/**
 * Declares a stage. The result is frozen; it is what `registry.use` takes and what a plugin's
 * default export may be.
 */
export function defineStage<P extends z.ZodType, const I extends Record<string, InputKind> = {}, const O extends Record<string, Kind> = {}>(
  def: StageDefinition<P, I, O>,
): Stage {
  const problems = definitionProblems(def as unknown as Record<string, unknown>);
  if (problems.length > 0) {
    const name = typeof def.type === 'string' ? `stage "${def.type}"` : 'a stage';
    throw new PipelineError('STAGE_DEFINITION', `defineStage: ${name} is malformed:\n  ${problems.join('\n  ')}`);
  }
  const { type, version, description, params, inputs, outputs, run } = def;
  return Object.freeze({
    [STAGE_BRAND]: true as const, type, version, description, params,
    inputs: Object.freeze({ ...(inputs ?? {}) }),
    outputs: Object.freeze({ ...(outputs ?? {}) }),
    run: run as Stage['run'],
  });
}
