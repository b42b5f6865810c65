/** Param schemas several stages share, so the same field reads the same everywhere. */
import { z } from 'zod';
import { describeNormalizations } from '@mnist-ts/mnist-data';

export const seedParam = z.int().min(0).max(0xffffffff).optional().meta({ description: "Default: the spec's seed" });

export const scheduleParam = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({ kind: z.literal('exponential'), gamma: z.number().positive().max(1).default(0.95) }),
    z.strictObject({ kind: z.literal('step'), every: z.int().positive(), gamma: z.number().positive().max(1) }),
    z.strictObject({
      kind: z.literal('cosine'),
      min: z.number().min(0).max(1).default(0).meta({ description: 'Floor, as a fraction of lr' }),
      warmup: z.int().min(0).default(0).meta({ description: 'Epochs of linear warm-up from lr/warmup to lr' }),
    }),
  ])
  .default({ kind: 'exponential', gamma: 0.95 })
  .meta({ description: 'Learning-rate schedule; exponential multiplies the rate by gamma after each epoch; cosine falls from lr to min·lr over the run (after warmup epochs rising linearly to lr)' });

export const normalizeParam = z.enum(['paper', 'unit']).default('paper').meta({ description: describeNormalizations() });

export const lossParam = z.enum(['cross-entropy', 'mse']).default('cross-entropy');

export const dprParam = z.int().min(1).max(4).default(2).meta({ description: 'Device-pixel ratio of the PNG' });
