/**
 * The stage registry: filled with `use`, then frozen into the spec schema, a discriminated union
 * on `type` (Ludwig builds its config schema from its registry the same way). A spec with plugins
 * gets its own registry: the built-ins plus what its plugins add.
 */
import type { z } from 'zod';
import { PipelineError } from './errors.js';
import { isStage, type Stage } from './stage.js';
import { BUILTIN_STAGES } from './stages/index.js';
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

export interface RegistryOptions {
  /** Start with the built-in stages (default true). */
  builtins?: boolean;
}

export function createRegistry(options: RegistryOptions = {}): Registry {
  const registry = new StageRegistry();
  if (options.builtins !== false) registry.use(BUILTIN_STAGES, 'built-in');
  return registry;
}

class StageRegistry implements Registry {
  private readonly stages = new Map<string, { stage: Stage; origin: string }>();
  private frozenSchema: z.ZodType | undefined;

  get frozen(): boolean {
    return this.frozenSchema !== undefined;
  }

  use(stages: Stage | readonly Stage[], origin = 'unknown'): Registry {
    if (this.frozen) throw new PipelineError('STAGE_CONFLICT', 'registry.use: the registry is frozen (its schema was built); fork() it to add stages');
    for (const stage of Array.isArray(stages) ? stages : [stages as Stage]) {
      if (!isStage(stage)) throw new PipelineError('PLUGIN_NOT_A_STAGE', `registry.use (${origin}): expected a stage made with defineStage, received ${describe(stage)}`);
      const prior = this.stages.get(stage.type);
      if (prior) throw new PipelineError('STAGE_CONFLICT', `stage type "${stage.type}" from ${origin} is already registered by ${prior.origin}; choose another type name`);
      this.stages.set(stage.type, { stage, origin });
    }
    return this;
  }

  get(type: string): Stage | undefined {
    return this.stages.get(type)?.stage;
  }

  has(type: string): boolean {
    return this.stages.has(type);
  }

  types(): string[] {
    return [...this.stages.keys()];
  }

  origin(type: string): string | undefined {
    return this.stages.get(type)?.origin;
  }

  schema(): z.ZodType {
    this.frozenSchema ??= buildSpecSchema([...this.stages.values()].map((s) => s.stage));
    return this.frozenSchema;
  }

  fork(): Registry {
    const copy = new StageRegistry();
    for (const { stage, origin } of this.stages.values()) copy.use(stage, origin);
    return copy;
  }
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
