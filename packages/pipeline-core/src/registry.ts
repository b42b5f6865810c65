/**
 * The stage registry: filled with `use`, then frozen into the spec schema, a discriminated union
 * on `type` (Ludwig builds its config schema from its registry the same way). A spec with plugins
 * gets its own registry: the built-ins plus what its plugins add. The engine has no stages of its
 * own: the built-ins are whatever the layer above starts a registry with (@mnist-ts/pipeline
 * passes its BUILTIN_STAGES).
 */
import type { z } from 'zod';
import { PipelineError } from './errors.js';
import { isStage, type Stage } from './stage.js';
import { buildSpecSchema } from './spec-schema.js';

export interface Registry {
  /** Adds stages; `origin` (a plugin file, or "built-in") is named when two stages collide. */
  use(stages: Stage | readonly Stage[], origin?: string): Registry;
  get(type: string): Stage | undefined;
  has(type: string): boolean;
  /** Every registered type, in registration order. */
  types(): string[];
  /** Where a type came from: "built-in" or a plugin's path. */
  origin(type: string): string | undefined;
  /** The spec schema over the stages registered so far; the registry is frozen from here on. */
  schema(): z.ZodType;
  readonly frozen: boolean;
  /** An unfrozen copy with the same stages (for adding a spec's plugins). */
  fork(): Registry;
}

/** A registry holding `builtins` (origin "built-in"), ready for more stages; empty by default. */
export function createRegistry(builtins: readonly Stage[] = []): Registry {
  const registry = registryOver(new Map());
  if (builtins.length > 0) registry.use(builtins, 'built-in');
  return registry;
}

/** A registry over `stages` (type -> the stage and where it came from), which it owns. */
function registryOver(stages: Map<string, { stage: Stage; origin: string }>): Registry {
  let schema: z.ZodType | undefined; // set once built: the registry is frozen from then on
  const registry: Registry = {
    get frozen() {
      return schema !== undefined;
    },
    use(list, origin = 'unknown') {
      if (schema) throw new PipelineError('STAGE_CONFLICT', 'registry.use: the registry is frozen (its schema was built); fork() it to add stages');
      for (const stage of Array.isArray(list) ? list : [list as Stage]) {
        if (!isStage(stage)) throw new PipelineError('PLUGIN_NOT_A_STAGE', `registry.use (${origin}): expected a stage made with defineStage, received ${describe(stage)}`);
        const prior = stages.get(stage.type);
        if (prior) throw new PipelineError('STAGE_CONFLICT', `stage type "${stage.type}" from ${origin} is already registered by ${prior.origin}; choose another type name`);
        stages.set(stage.type, { stage, origin });
      }
      return registry;
    },
    get: (type) => stages.get(type)?.stage,
    has: (type) => stages.has(type),
    types: () => [...stages.keys()],
    origin: (type) => stages.get(type)?.origin,
    schema: () => (schema ??= buildSpecSchema([...stages.values()].map((s) => s.stage))),
    fork: () => registryOver(new Map(stages)),
  };
  return registry;
}

/** A value as a person would name it in a message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}`;
  }
  if (value === undefined) return 'nothing (undefined)';
  return `${typeof value} ${JSON.stringify(value)}`;
}
