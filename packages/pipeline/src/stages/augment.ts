/**
 * augment.affine and augment.elastic: data augmentation on the fly, as `hooks` for train.sgd.
 * Every epoch trains on freshly distorted copies of the training images, made by a worker thread
 * while the epoch before trains (EpochAugmenter: on two cores it borrows one of training's while it
 * works). The distortion of
 * epoch e is a pure function of the hook's seed for e (see @mnist-ts/train's hooks), so a resumed
 * run rebuilds it byte for byte. Test and validation images are never distorted.
 */
import { z } from 'zod';
import { EpochAugmenter, augmentImages, type AugmentOptions } from '@mnist-ts/mnist-data';
import type { TrainHooks } from '@mnist-ts/train';
import { defineStage, type StageContext } from '@mnist-ts/pipeline-core';
import { augmentedGrid } from './augment-grid.js';

const affineShape = {
  rotate: z.number().min(0).max(180).default(10).meta({ description: 'Rotation drawn from ±rotate degrees' }),
  scale: z.number().min(0).max(0.9).default(0.1).meta({ description: 'Scale drawn from 1 ± scale (both axes alike)' }),
  shear: z.number().min(0).max(80).default(10).meta({ description: 'Horizontal shear drawn from ±shear degrees' }),
  translate: z.number().min(0).max(28).default(2).meta({ description: 'Shift drawn from ±translate pixels on each axis' }),
};

const inkBudgetParam = z.boolean().default(false).meta({
  description: 'Each distorted digit keeps at most as many nonzero pixels as its original, the faintest going: resampling smears ink, and the first layer costs in proportion to it',
});

const previewParam = z.boolean().default(true).meta({ description: 'Write figures/augmented.png (12 training digits and 5 distortions of each) when training starts' });

export const augmentAffine = defineStage({
  type: 'augment.affine',
  version: 1,
  description: 'Random rotation, scale, shear and translation of every training image, drawn afresh each epoch (input of train.sgd\'s hooks)',
  params: z.strictObject({ ...affineShape, inkBudget: inkBudgetParam, preview: previewParam }),
  outputs: { hooks: 'hooks' },
  run: ({ params, context }) => {
    const { preview, inkBudget, ...affine } = params;
    return { hooks: augmentHooks('augment.affine', { affine, inkBudget }, preview, context) };
  },
});

export const augmentElastic = defineStage({
  type: 'augment.elastic',
  version: 1,
  description: 'Simard et al. (2003) elastic distortion of every training image, drawn afresh each epoch; optionally with an affine part in the same pass (input of train.sgd\'s hooks)',
  params: z.strictObject({
    alpha: z.number().min(0).max(100).default(34).meta({ description: 'Scale of the smoothed displacement field, pixels' }),
    sigma: z.number().positive().max(20).default(4).meta({ description: 'Width of the Gaussian that smooths the uniform [-1, 1] field, pixels' }),
    fields: z.int().min(2).max(100_000).default(512).meta({ description: 'Smoothed fields drawn per epoch; each image takes two of them (x, y) with random signs' }),
    affine: z.strictObject(affineShape).optional().meta({ description: 'Also a random affine distortion, in the same resampling (one interpolation, not two)' }),
    inkBudget: inkBudgetParam,
    preview: previewParam,
  }),
  outputs: { hooks: 'hooks' },
  run: ({ params, context }) => {
    const { preview, affine, inkBudget, ...elastic } = params;
    return { hooks: augmentHooks('augment.elastic', { elastic, affine, inkBudget }, preview, context) };
  },
});

/** How many digits the preview shows, and how many distortions of each. */
const PREVIEW_DIGITS = 12;
const PREVIEW_VERSIONS = 5;

/** The hook: each epoch's images from the worker thread; the preview figure on the first call. */
function augmentHooks(name: string, options: AugmentOptions, preview: boolean, context: StageContext): TrainHooks {
  const maker = new EpochAugmenter(options);
  let previewed = !preview;
  return {
    name,
    epochImages: async ({ seed, images, count, out }) => {
      await maker.images(images, count, out, seed);
      if (!previewed) {
        previewed = true;
        await context.writeFile('figures/augmented.png', previewFigure(images, count, options, seed, name), 'figure');
      }
    },
  };
}

/** The first digits and PREVIEW_VERSIONS distortions of each (seeds seed+1.., not training's). */
function previewFigure(images: Uint8Array, count: number, options: AugmentOptions, seed: number, name: string): Uint8Array {
  const n = Math.min(PREVIEW_DIGITS, count);
  const originals = images.slice(0, n * 784);
  const versions = Array.from({ length: PREVIEW_VERSIONS }, (_, k) => {
    const out = new Uint8Array(n * 784);
    augmentImages(originals, n, out, options, (seed + 1 + k) >>> 0);
    return out;
  });
  return augmentedGrid(originals, versions, n, `${name}: training digits (top row) and ${PREVIEW_VERSIONS} distortions of each`);
}
