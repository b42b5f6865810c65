import { describe, expect, it } from 'vitest';
import { TopActivations } from './examples.js';

describe('TopActivations', () => {
  it('keeps each unit\'s k strongest rows across chunks, strongest first', () => {
    const top = new TopActivations(2, 3);
    // unit 0 sees rows 0..5 with values 5,1,4,9,0,7; unit 1 sees the negatives (ReLU would give 0)
    const values = [5, 1, 4, 9, 0, 7];
    const chunk = (rows: number[]) => Float32Array.from(rows.flatMap((r) => [values[r]!, -values[r]!]));
    top.add(chunk([0, 1, 2]), 3, 0);
    top.add(chunk([3, 4, 5]), 3, 3);
    const [u0, u1] = top.result();
    expect(u0).toEqual([3, 5, 0]);
    expect(u1).toEqual([4, 1, 2]); // -0, -1, -4 are the largest of the negatives
  });

  it('returns fewer rows than k when fewer were seen', () => {
    const top = new TopActivations(1, 4);
    top.add(Float32Array.from([2, 3]), 2, 10);
    expect(top.result()).toEqual([[11, 10]]);
  });
});
