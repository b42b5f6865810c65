import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions, and a swap of neighbours as one edit', () => {
    expect(editDistance('viz.weights', 'viz.weights')).toBe(0);
    expect(editDistance('viz.weigths', 'viz.weights')).toBe(1); // swap
    expect(editDistance('lrr', 'lr')).toBe(1); // delete
    expect(editDistance('data.mnst', 'data.mnist')).toBe(1); // insert
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  const types = ['data.mnist', 'viz.weights', 'viz.curves', 'train.sgd'];

  it('suggests a near name and nothing for a far one', () => {
    expect(closest('viz.weigths', types)).toBe('viz.weights');
    expect(closest('train.sdg', types)).toBe('train.sgd');
    expect(closest('augment.noise', types)).toBeUndefined();
  });

  it('allows fewer edits for short names', () => {
    expect(closest('lr', ['l2'])).toBe('l2'); // 1 edit is the floor
    expect(closest('ab', ['xy'])).toBeUndefined();
  });

  it('formats the hint', () => {
    expect(didYouMean('epochz', ['epochs', 'lr'])).toBe('; did you mean "epochs"?');
    expect(didYouMean('zzz', ['epochs'])).toBe('');
  });
});
