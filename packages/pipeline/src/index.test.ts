import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_STAGES, createRegistry, defineStage } from './index.js';

describe('the registry of @mnist-ts/pipeline', () => {
  it('holds the built-ins in the README’s order, and none with builtins: false', () => {
    const r = createRegistry();
    expect(r.types()).toEqual([
      'data.mnist', 'data.idx', 'data.csv', 'data.split', 'model.two-layer', 'model.load', 'model.save', 'augment.affine', 'augment.elastic', 'train.sgd', 'train.sweep', 'train.seeds',
      'eval.accuracy', 'metrics.load', 'viz.curves', 'viz.weights', 'viz.confusion', 'viz.misclassified', 'report.html',
    ]);
    expect(r.types()).toEqual(BUILTIN_STAGES.map((s) => s.type));
    const clash = defineStage({ type: 'data.mnist', version: 1, params: z.strictObject({}), run: () => ({}) });
    expect(() => r.fork().use(clash, 'mine.js')).toThrow('stage type "data.mnist" from mine.js is already registered by built-in; choose another type name');
    expect(createRegistry({ builtins: false }).types()).toEqual([]);
  });
});
