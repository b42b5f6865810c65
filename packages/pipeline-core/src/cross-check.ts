/**
 * The second validation pass, across stages (DVC and Kedro check the same): duplicate ids,
 * references to stages or outputs that do not exist, an input wired to an output of another
 * kind, and cycles. It reads the raw spec, so it reports alongside the schema's problems; a
 * stage whose type is unknown is skipped here (its type is already reported).
 */
import type { SpecProblem } from './errors.js';
import { isObject } from './json.js';
import { article, parseInputKind, refsOf } from './kinds.js';
import type { Registry } from './registry.js';
import { REF_PATTERN } from './spec-schema.js';
import type { Stage } from './stage.js';
import { didYouMean } from './suggest.js';

interface Node {
  index: number;
  id: string | undefined;
  stage: Stage | undefined;
  inputs: [string, string][];
  needs: string[];
}

function nodesOf(raw: unknown, registry: Registry): Node[] {
  if (!isObject(raw) || !Array.isArray(raw.stages)) return [];
  return raw.stages.map((s: unknown, index) => {
    const o = isObject(s) ? s : {};
    const entries = isObject(o.inputs) ? Object.entries(o.inputs) : [];
    const inputs = entries.flatMap(([name, v]) => refsOf(v).filter((ref) => REF_PATTERN.test(ref)).map((ref): [string, string] => [name, ref]));
    const needs = Array.isArray(o.needs) ? o.needs.filter((n): n is string => typeof n === 'string') : [];
    return { index, id: typeof o.id === 'string' ? o.id : undefined, stage: typeof o.type === 'string' ? registry.get(o.type) : undefined, inputs, needs };
  });
}

/** The ids a stage depends on: those its inputs name, then its `needs`. */
function dependencies(n: Node): string[] {
  return [...new Set([...n.inputs.map(([, ref]) => ref.split('.')[0]!), ...n.needs])];
}

export function crossCheck(raw: unknown, registry: Registry): SpecProblem[] {
  const nodes = nodesOf(raw, registry);
  const byId = new Map<string, Node>();
  const problems: SpecProblem[] = [];
  for (const n of nodes) {
    if (n.id === undefined) continue;
    const first = byId.get(n.id);
    if (first) problems.push({ code: 'SPEC_DUPLICATE_ID', path: `stages[${n.index}].id`, message: `duplicate stage id "${n.id}" (stages[${first.index}] has it too)` });
    else byId.set(n.id, n);
  }
  for (const n of nodes) problems.push(...referenceProblems(n, byId));
  return [...problems, ...cycles(nodes, byId)];
}

/** A stage's inputs and `needs` that name no stage or output, or an output of another kind. */
function referenceProblems(n: Node, byId: Map<string, Node>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const ids = [...byId.keys()];
  const label = n.stage ? { stage: n.stage.type } : {};
  for (const [name, ref] of n.inputs) {
    const path = `stages[${n.index}].inputs.${name}`;
    const [id, output] = ref.split('.') as [string, string];
    const target = byId.get(id);
    if (!target) {
      problems.push({ code: 'SPEC_UNKNOWN_REF', path, ...label, message: `no stage has the id "${id}" (in "${ref}")${didYouMean(id, ids)}` });
      continue;
    }
    if (!target.stage) continue;
    const produced = target.stage.outputs[output];
    if (produced === undefined) {
      const outputs = Object.keys(target.stage.outputs);
      const hint = didYouMean(output, outputs) || (outputs.length > 0 ? `; its outputs: ${outputs.join(', ')}` : '; it has no outputs');
      problems.push({ code: 'SPEC_UNKNOWN_OUTPUT', path, ...label, message: `stage "${id}" (${target.stage.type}) has no output "${output}"${hint}` });
      continue;
    }
    const declared = n.stage?.inputs[name];
    if (declared === undefined) continue; // an unknown input name: the schema reports it
    const wanted = parseInputKind(declared).kind;
    if (wanted !== produced) problems.push({ code: 'SPEC_KIND_MISMATCH', path, ...label, message: `expected ${article(wanted)}, received "${ref}" (kind ${produced})` });
  }
  n.needs.forEach((id, k) => {
    if (!byId.has(id)) problems.push({ code: 'SPEC_UNKNOWN_REF', path: `stages[${n.index}].needs[${k}]`, ...label, message: `no stage has the id "${id}"${didYouMean(id, ids)}` });
  });
  return problems;
}

/** One problem per cycle, found by depth-first search (each cycle reported once). */
function cycles(nodes: Node[], byId: Map<string, Node>): SpecProblem[] {
  const state = new Map<Node, 'open' | 'done'>();
  const stack: Node[] = [];
  const seen = new Set<string>();
  const problems: SpecProblem[] = [];
  const visit = (n: Node): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const dep of dependencies(n)) {
      const d = byId.get(dep);
      if (!d) continue;
      if (state.get(d) === 'open') {
        const loop = stack.slice(stack.indexOf(d));
        const key = loop.map((x) => x.id).sort().join(',');
        if (!seen.has(key)) {
          seen.add(key);
          const first = loop.reduce((a, b) => (a.index <= b.index ? a : b));
          // Dependencies point backwards (d is needed by n), so the data flows in reverse; the
          // loop is told from the stage listed first.
          const flow = [...loop].reverse();
          const at = flow.indexOf(first);
          const names = [...flow.slice(at), ...flow.slice(0, at)].map((x) => x.id);
          problems.push({ code: 'SPEC_CYCLE', path: `stages[${first.index}]`, message: `stages depend on each other in a cycle: ${[...names, names[0]].join(' -> ')}` });
        }
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of byId.values()) if (!state.has(n)) visit(n);
  return problems;
}

type CheckedStage = { inputs: Record<string, string | string[]>; needs?: string[] };

/** The ids a stage of a checked spec depends on: those its inputs name, then its `needs`. */
export function dependsOn(s: CheckedStage): Set<string> {
  return new Set([...Object.values(s.inputs).flatMap(refsOf).map((r) => r.split('.')[0]!), ...(s.needs ?? [])]);
}

/**
 * The order to run the stages in: every stage after the stages it depends on; among the stages
 * ready at any moment, the one listed first in the spec (so a spec listed in order runs as
 * written). Assumes a checked spec (no cycles, every reference resolves).
 */
export function executionOrder<T extends CheckedStage & { id: string }>(stages: readonly T[]): T[] {
  const deps = stages.map(dependsOn);
  const done = new Set<string>();
  const order: T[] = [];
  while (order.length < stages.length) {
    const next = stages.findIndex((s, i) => !done.has(s.id) && [...deps[i]!].every((d) => done.has(d)));
    if (next < 0) throw new Error('executionOrder: the stages have a cycle (the spec was not checked)');
    done.add(stages[next]!.id);
    order.push(stages[next]!);
  }
  return order;
}
