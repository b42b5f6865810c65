import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executionOrder } from './cross-check.js';
import { createRegistry } from './registry.js';
import { defineStage, isStage } from './stage.js';

describe('defineStage', () => {
  it('makes a frozen, branded stage', () => {
    const s = defineStage({ type: 'x.ok', version: 1, params: z.strictObject({}), outputs: { out: 'file' }, run: () => ({ out: '/tmp/x' }) });
    expect(isStage(s)).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
    expect(s.inputs).toEqual({});
    expect(isStage({ ...s })).toBe(true); // the brand is an own property: a spread copy keeps it
    expect(isStage({ type: 'x.ok', run: () => ({}) })).toBe(false);
  });

  it('lists everything wrong with a malformed definition', () => {
    const bad = { type: 'Noise', version: 0, params: { lr: 1 }, inputs: { data: 'dataframe' }, outputs: { 'a.b': 'model' } };
    expect(() => defineStage(bad as never)).toThrowErrorMatchingInlineSnapshot(`
      [PipelineError: defineStage: stage "Noise" is malformed:
        type: expected a dotted lower-case name like "augment.noise", received "Noise"
        version: expected a positive integer, received 0
        params: expected a zod 4 schema (z.strictObject({...}))
        run: expected a function ({ params, inputs, emit, signal, context }) => outputs
        inputs.data: expected one of dataset, datasets, model, metrics, evaluation, sweep, file, figure, hooks (with '?' if optional, '[]' for a list), received "dataframe"
        outputs.a.b: a name is letters, digits, _ and -, starting with a letter]
    `);
  });
});

describe('the registry', () => {
  const stage = (type: string) => defineStage({ type, version: 1, params: z.strictObject({}), run: () => ({}) });

  it('starts from the built-ins the caller gives (none by default), freezes into a schema, and forks', () => {
    const r = createRegistry([stage('x.one'), stage('x.two')]);
    expect(r.types()).toEqual(['x.one', 'x.two']);
    expect(r.origin('x.one')).toBe('built-in');
    r.schema();
    const extra = stage('x.extra');
    expect(() => r.use(extra)).toThrow(/frozen/);
    expect(r.fork().use(extra, 'test').origin('x.extra')).toBe('test');
    expect(createRegistry().types()).toEqual([]);
  });
});

describe('executionOrder', () => {
  const s = (id: string, deps: string[] = [], needs?: string[]) => ({ id, inputs: Object.fromEntries(deps.map((d, k) => [`in${k}`, `${d}.out`])), needs });

  it('runs each stage after its dependencies, otherwise in spec order', () => {
    const order = executionOrder([s('report', ['train']), s('data'), s('train', ['data', 'init']), s('init'), s('late', [], ['report'])]);
    expect(order.map((x) => x.id)).toEqual(['data', 'init', 'train', 'report', 'late']);
  });

  it('keeps a spec already in order as written', () => {
    const order = executionOrder([s('a'), s('b', ['a']), s('c'), s('d', ['b', 'c'])]);
    expect(order.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
