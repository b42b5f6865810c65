/**
 * Pipeline errors carry a stable code (callers and tests switch on it, never on the text) and a
 * message written for people: it names the file or field, what was expected and what came.
 * A spec with several mistakes gives one error listing every problem (`problems`).
 */

export type PipelineErrorCode =
  | 'SPEC_NOT_FOUND' // the spec file does not exist or cannot be read
  | 'SPEC_INVALID_JSON' // the file is not JSON (the message gives line:column)
  | 'SPEC_INVALID' // several problems of different kinds (each problem has its own code)
  | 'SPEC_SCHEMA' // a field has the wrong type or value, is missing, or is not known
  | 'SPEC_UNKNOWN_STAGE' // a stage type no built-in or plugin registers
  | 'SPEC_DUPLICATE_ID' // two stages with the same id
  | 'SPEC_UNKNOWN_REF' // an input or `needs` names a stage id that does not exist
  | 'SPEC_UNKNOWN_OUTPUT' // an input names an output the referenced stage does not produce
  | 'SPEC_KIND_MISMATCH' // an input gets a value of another kind (a dataset where a model goes)
  | 'SPEC_CYCLE' // stages depend on each other in a circle
  | 'SPEC_TOO_LARGE' // more stages or plugins than a spec may have, or nested too deep
  | 'PLUGIN_NOT_FOUND' // a plugin path or package that does not resolve
  | 'PLUGIN_LOAD_FAILED' // a plugin module that throws while loading
  | 'PLUGIN_NOT_A_STAGE' // a plugin whose default export is not a stage, a list or a factory
  | 'STAGE_DEFINITION' // defineStage was given something malformed
  | 'STAGE_CONFLICT' // two stages register the same type
  | 'RUN_DIR_EXISTS' // the run directory is not empty (and this is not a resume)
  | 'RUN_DIR_INVALID' // resume/visualize: the directory has no usable spec.json
  | 'PATH_OUTSIDE_RUN' // a stage tried to write outside its run directory (or over the run's own files)
  | 'RUN_DIR_LOCKED' // another live process holds the run directory's lock
  | 'RUN_DIR_UNWRITABLE' // the run directory cannot be created or written (read-only, permissions, /proc)
  | 'STAGE_FAILED'; // an error inside a stage's run (wrapped with the stage id and type)

/** One thing wrong with a spec, at one place. */
export interface SpecProblem {
  code: PipelineErrorCode;
  /** Where, as a JSON path: `stages[1].params.lr`, or `spec` for the top level. */
  path: string;
  /** The stage type of the stage the path is in, when known (shown in parentheses). */
  stage?: string;
  /** What is wrong, e.g. `expected a number > 0, received -0.1`. */
  message: string;
}

export interface PipelineErrorOptions {
  cause?: unknown;
  /** The spec file (as the user named it) or plugin file the error is about. */
  file?: string;
  problems?: SpecProblem[];
  stageId?: string;
  stageType?: string;
}

export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  readonly code: PipelineErrorCode;
  readonly file?: string;
  /** Every problem found, for SPEC_* errors from validation. */
  readonly problems: readonly SpecProblem[];
  /** The failing stage, for STAGE_FAILED. */
  readonly stageId?: string;
  readonly stageType?: string;

  constructor(code: PipelineErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.problems = options.problems ?? [];
    this.stageId = options.stageId;
    this.stageType = options.stageType;
  }
}

export function isPipelineError(e: unknown, code?: PipelineErrorCode): e is PipelineError {
  return e instanceof PipelineError && (code === undefined || e.code === code);
}

/**
 * `<file>:<line>:<column>` of the first stack frame in `file`, searching the error and then its
 * causes (a stage's TypeError may be the cause of a TrainError); undefined when none is there.
 */
export function locationIn(e: unknown, file: string): string | undefined {
  for (const err of causeChain(e)) {
    for (const line of (err.stack ?? '').split('\n')) {
      const at = /(?:\(|at )(?:file:\/\/)?([^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
      if (at && (at[1] === file || decodeURI(at[1]!) === file)) return `${file}:${at[2]}:${at[3]}`;
    }
  }
  return undefined;
}

/** The error and its causes, outermost first (at most 8: a cause chain may loop). */
export function causeChain(e: unknown): Error[] {
  const chain: Error[] = [];
  for (let err = e; err instanceof Error && chain.length < 8; err = err.cause) chain.push(err);
  return chain;
}

/** `TypeError: ` for an error of a named subclass; empty for a plain Error (its message says enough). */
export function errorName(e: unknown): string {
  return e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : '';
}

/** `stages[1].params.lr (train.sgd): expected a number > 0, received -0.1` */
export function formatProblem(p: SpecProblem): string {
  return `${p.path}${p.stage === undefined ? '' : ` (${p.stage})`}: ${p.message}`;
}

/** How many problems a spec error lists (all are in `problems`). */
export const MAX_LISTED_PROBLEMS = 50;

/**
 * One error for all the problems of a spec (one line when there is one problem). The code is the
 * problems' common code, or SPEC_INVALID when they differ.
 *   pipelines/mine.json is invalid: 2 problems
 *     stages[1].params.lr (train.sgd): expected a number > 0, received -0.1
 *     stages[2].type: unknown stage type "viz.weigths"; did you mean "viz.weights"?
 */
export function specError(where: string, problems: SpecProblem[], file?: string): PipelineError {
  const codes = new Set(problems.map((p) => p.code));
  const code = codes.size === 1 ? problems[0]!.code : 'SPEC_INVALID';
  // One problem is one line: `spec.json: stages[1].params.lr (train.sgd): expected ...`.
  if (problems.length === 1) return new PipelineError(code, `${where}: ${formatProblem(problems[0]!)}`, { problems, file });
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  // Enough to act on; the rest are counted (a generated spec can have thousands).
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
  const lines = shown.map((p) => `  ${formatProblem(p)}`);
  if (problems.length > shown.length) lines.push(`  ... and ${problems.length - shown.length} more`);
  return new PipelineError(code, `${where} is invalid: ${count}\n${lines.join('\n')}`, { problems, file });
}

/**
 * The text a person should see for any error: a PipelineError as it is (a stage failure names
 * the stage and its cause); anything else by its message, with its code when it has one.
 * `debug` appends the stack (and the cause's).
 */
export function formatPipelineError(e: unknown, options: { debug?: boolean } = {}): string {
  const err = e instanceof Error ? e : new Error(String(e));
  let text = err.message;
  if (!(err instanceof PipelineError)) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && !text.includes(code)) text = `${code}: ${text}`;
  }
  if (options.debug) {
    text += `\n${err.stack ?? ''}`;
    const cause = err.cause;
    if (cause instanceof Error) text += `\ncaused by: ${cause.stack ?? cause.message}`;
  }
  return text;
}
