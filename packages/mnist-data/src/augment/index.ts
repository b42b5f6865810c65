export { augmentImages, augmentProblems, type AugmentOptions, type AugmentRun } from './images.js';
export { drawAffine, inverseAffine, affineRangeProblems, type AffineRange, type AffineDraw } from './affine.js';
export { ElasticBank, elasticField, elasticProblems, DEFAULT_FIELDS, type ElasticOptions, type FieldChoice } from './elastic.js';
export { GaussianSmoother, gaussianKernel, reflectIndex } from './gaussian.js';
export { Warper, IDENTITY, CENTRE, type InverseAffine, type Displacement } from './warp.js';
export { ReferenceKernels, drawDistortions, type AugmentKernels, type Smoother } from './resample.js';
export { WasmKernels } from './warp-fast.js';
export { AugmentThread } from './thread.js';
export { EpochAugmenter, type EpochAugmenterOptions } from './epochs.js';
