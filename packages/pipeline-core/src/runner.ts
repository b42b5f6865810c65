/**
 * The runner: checks the spec before anything is written, creates the run directory, writes the
 * resolved spec.json, runs the stages in dependency order and forwards their typed events (plus
 * stage:start, stage:end, artifact and run:end). An error inside a stage is wrapped with the
 * stage's id and type; the run directory keeps what finished stages wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Emit, TrainEvent } from '@mnist-ts/train';
import { PipelineError, causeChain, formatPipelineError, locationIn } from './errors.js';
import { executionOrder } from './cross-check.js';
import { parseInputKind, refsOf, type Kind, type KindValues } from './kinds.js';
import { parseJsonFile } from './json.js';
import type { Registry } from './registry.js';
import { prepareRunDir, releaseRunDir, resolvedSpec, writeAtomic, type RunDirOptions } from './run-dir.js';
import { isLoadedSpec, loadSpecFile, validateSpec, type LoadedSpec, type SpecOverrides } from './spec.js';
import type { PipelineSpec, PipelineSpecInput, StageEntry } from './spec-schema.js';
import type { Pauser, StageContext } from './stage.js';
import { writeRunFile } from './write-gate.js';

export interface RunOptions extends RunDirOptions {
  /** Receives every event: the stages' own (epoch:end, trial:end, ...) and the runner's. */
  emit?: Emit;
  /** Abort to stop: train.sgd saves a checkpoint, the runner stops and returns interrupted. */
  signal?: AbortSignal;
  /** While `paused`, training waits between batches (the dashboard's `p`). */
  pause?: Pauser;
  overrides?: SpecOverrides;
  /** The stages before plugins (default: none; @mnist-ts/pipeline passes its built-ins). */
  registry?: Registry;
  /** Package versions spec.json records besides the engine's (the layer above names its own: packageVersions()). */
  versions?: Record<string, string>;
}

export interface PipelineRun {
  runDir: string;
  /** The resolved spec (as spec.json holds it). */
  spec: PipelineSpec;
  /** Every stage's outputs, in the order the stages ran: outputs[stageId][outputName]. */
  outputs: Record<string, Record<string, unknown>>;
  /** The kind each stage declares for each output: kinds[stageId][outputName]. */
  kinds: Record<string, Record<string, Kind>>;
  /** True when the signal stopped the run; `mnist resume <runDir>` continues it. */
  interrupted: boolean;
  /** Every file announced by an artifact event, in order. */
  artifacts: { kind: string; path: string }[];
  /** Wall-clock seconds of this invocation. */
  seconds: number;
}

/** A spec from a path, an object, or an already loaded spec, checked (with overrides applied). */
async function load(source: string | PipelineSpecInput | LoadedSpec, o: RunOptions): Promise<LoadedSpec> {
  const base = { overrides: o.overrides, registry: o.registry };
  if (typeof source === 'string') return loadSpecFile(source, base);
  if (isLoadedSpec(source)) {
    return o.overrides ? validateSpec(source.spec, { ...base, file: source.file, specDir: source.specDir }) : source;
  }
  return validateSpec(source, base);
}

/**
 * Runs a pipeline. Nothing is created until the spec (and its plugins) check out. Throws a
 * PipelineError: SPEC_* / PLUGIN_* before the run, RUN_DIR_* for the directory, STAGE_FAILED
 * (after emitting `error` and `run:end` failed) for a stage that threw.
 */
export async function runPipeline(source: string | PipelineSpecInput | LoadedSpec, options: RunOptions = {}): Promise<PipelineRun> {
  const loaded = await load(source, options);
  const runDir = prepareRunDir(loaded.spec.name, options); // locked until this run returns
  try {
    const specPath = join(runDir, 'spec.json');
    const recorded = options.resume && existsSync(specPath); // a resumed run keeps the spec.json it has
    const spec = recorded ? loaded.spec : withStageVersions(resolvedSpec(loaded.spec, loaded.specDir, options.versions), loaded);
    const events = recorder(options.emit);
    if (!recorded) {
      writeAtomic(specPath, `${JSON.stringify(spec, null, 2)}\n`);
      events.emit({ type: 'artifact', kind: 'spec', path: specPath });
    }
    return await execute(loaded, spec, runDir, { ...options, emit: events.emit }, events.artifacts);
  } finally {
    releaseRunDir(runDir);
  }
}

/** spec.json's `versions` also records each stage type's `version`: `"stage:train.sgd": "1"`. */
function withStageVersions(spec: PipelineSpec, loaded: LoadedSpec): PipelineSpec {
  const stages = Object.fromEntries(spec.stages.map((s) => [`stage:${s.type}`, String(loaded.registry.get(s.type)?.version)]));
  return { ...spec, versions: { ...spec.versions, ...stages } };
}

/** Reads <runDir>/spec.json and runs it again in that directory, continuing from its checkpoint. */
export async function resumePipeline(runDir: string, options: Omit<RunOptions, 'runDir' | 'outDir' | 'resume'> = {}): Promise<PipelineRun> {
  const loaded = await loadRunSpec(runDir, options.registry);
  return runPipeline(loaded, { ...options, runDir, resume: true });
}

/** The spec a run directory recorded, checked and with its plugins loaded. */
export async function loadRunSpec(runDir: string, registry?: Registry): Promise<LoadedSpec> {
  const file = join(runDir, 'spec.json');
  if (!existsSync(file)) throw new PipelineError('RUN_DIR_INVALID', `${runDir}: not a run directory (no spec.json in it)`, { file });
  const raw = parseJsonFile(readFileSync(file, 'utf8'), file, 'RUN_DIR_INVALID');
  return validateSpec(raw, { file, specDir: resolve(runDir), registry });
}

/** `emit`, also keeping the files that artifact events announce. */
export function recorder(emit: Emit | undefined): { emit: Emit; artifacts: PipelineRun['artifacts'] } {
  const artifacts: PipelineRun['artifacts'] = [];
  return {
    artifacts,
    emit: (e: TrainEvent) => {
      if (e.type === 'artifact') artifacts.push({ kind: e.kind, path: e.path });
      emit?.(e);
    },
  };
}

interface ExecuteOptions {
  emit: Emit;
  signal?: AbortSignal;
  pause?: Pauser;
  resume?: boolean;
}

/** What a stage's context reaches: the options, and the flag a stage cut short sets. */
type StageRunOptions = ExecuteOptions & { stopped: { early: boolean } };

/** Runs the stages of a checked spec in `runDir` (which exists). */
export async function execute(loaded: LoadedSpec, spec: PipelineSpec, runDir: string, o: ExecuteOptions, artifacts: PipelineRun['artifacts'] = []): Promise<PipelineRun> {
  const t0 = performance.now();
  const signal = o.signal ?? new AbortController().signal;
  const outputs: Record<string, Record<string, unknown>> = {};
  // Interrupted means a stage stopped early or never ran, not merely that the signal fired:
  // a Ctrl-C during the last figures still leaves a finished run.
  const stopped = { early: false };
  o.emit({ type: 'log', message: `run directory: ${runDir}` });
  try {
    for (const entry of executionOrder(loaded.spec.stages)) {
      if (signal.aborted) {
        stopped.early = true;
        break;
      }
      outputs[entry.id] = await runStage(entry, loaded, spec, runDir, outputs, { ...o, stopped }, signal);
    }
  } catch (e) {
    // The caller reports the error it catches; an `error` event too would say it twice.
    o.emit({ type: 'run:end', status: 'failed', runDir });
    throw e;
  }
  const interrupted = stopped.early;
  const typeOf = (id: string) => loaded.spec.stages.find((st) => st.id === id)!.type;
  const kinds = Object.fromEntries(Object.keys(outputs).map((id) => [id, { ...loaded.registry.get(typeOf(id))?.outputs }]));
  o.emit({ type: 'run:end', status: interrupted ? 'interrupted' : 'done', runDir });
  return { runDir, spec, outputs, kinds, interrupted, artifacts, seconds: (performance.now() - t0) / 1000 };
}

async function runStage(
  entry: StageEntry, loaded: LoadedSpec, spec: PipelineSpec, runDir: string,
  outputs: Record<string, Record<string, unknown>>, o: StageRunOptions, signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const stage = loaded.registry.get(entry.type)!;
  const where = `stage "${entry.id}" (${entry.type})`;
  const inputs: Record<string, unknown> = {};
  const valueOf = (ref: string) => {
    const [id, output] = ref.split('.') as [string, string];
    return outputs[id]?.[output];
  };
  for (const [name, kind] of Object.entries(stage.inputs)) {
    const ref = entry.inputs[name];
    // A list input takes one reference or several; left out, it is an empty list.
    if (parseInputKind(kind).list) inputs[name] = refsOf(ref).map(valueOf);
    else if (typeof ref === 'string') inputs[name] = valueOf(ref);
  }
  const context = stageContext(entry, loaded, spec, runDir, o);
  o.emit({ type: 'stage:start', id: entry.id, stage: entry.type });
  const t0 = performance.now();
  let out: unknown;
  try {
    out = await stage.run({ params: entry.params, inputs, emit: o.emit, signal, context });
  } catch (e) {
    throw stageFailure(e, entry, loaded.registry.origin(entry.type));
  }
  const got = (typeof out === 'object' && out !== null ? out : {}) as Record<string, unknown>;
  const missing = Object.keys(stage.outputs).filter((name) => got[name] === undefined);
  if (missing.length > 0) {
    throw new PipelineError('STAGE_FAILED', `${where} failed: it returned no value for its output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, { stageId: entry.id, stageType: entry.type });
  }
  o.emit({ type: 'stage:end', id: entry.id, stage: entry.type, seconds: (performance.now() - t0) / 1000 });
  return got;
}

/**
 * A stage's error as one message: the stage, where in a plugin file it was thrown, and what.
 *   stage "bad" (bad.stage) failed at /home/me/plugin.ts:10:29: TypeError: Cannot read properties of undefined
 * Its stack is the thrown error's own (and its causes'), so --debug shows the plugin's frames.
 */
function stageFailure(e: unknown, entry: StageEntry, origin: string | undefined): PipelineError {
  const at = origin && origin !== 'built-in' ? locationIn(e, origin) : undefined;
  const err = e instanceof Error ? e : new Error(String(e));
  const name = err instanceof PipelineError || err.name === 'Error' || (err as { code?: unknown }).code !== undefined ? '' : `${err.name}: `;
  const message = `stage "${entry.id}" (${entry.type}) failed${at ? ` at ${at}` : ''}: ${name}${formatPipelineError(err)}`;
  const failure = new PipelineError('STAGE_FAILED', message, { cause: e, stageId: entry.id, stageType: entry.type, ...(origin && origin !== 'built-in' ? { file: origin } : {}) });
  const stacks = causeChain(e).map((c) => c.stack ?? `${c.name}: ${c.message}`);
  failure.stack = `PipelineError: ${message}\n${stacks.map((st, i) => (i === 0 ? st : `caused by: ${st}`)).join('\n')}`;
  return failure;
}

function stageContext(entry: StageEntry, loaded: LoadedSpec, spec: PipelineSpec, runDir: string, o: StageRunOptions): StageContext {
  const artifact = (path: string, kind: string) => o.emit({ type: 'artifact', kind, path });
  return {
    runDir, seed: loaded.spec.seed, specDir: loaded.specDir, resume: o.resume ?? false, pause: o.pause,
    stoppedEarly: () => { o.stopped.early = true; },
    stageId: entry.id, stageType: entry.type, spec,
    log: (message) => o.emit({ type: 'log', message: `${entry.id}: ${message}` }),
    resolvePath: (p) => resolve(loaded.specDir, p),
    writeFile: async (rel, data, kind) => {
      const path = writeRunFile(runDir, rel, data);
      artifact(path, kind);
      return path;
    },
    artifact,
  };
}

/** The values of one kind that a run's stages returned, in the order the stages ran. */
export function outputsOfKind<K extends Kind>(run: Pick<PipelineRun, 'outputs' | 'kinds'>, kind: K): KindValues[K][] {
  return Object.entries(run.outputs).flatMap(([id, out]) =>
    Object.entries(run.kinds[id] ?? {}).flatMap(([name, k]) => (k === kind && out[name] !== undefined ? [out[name] as KindValues[K]] : [])),
  );
}
