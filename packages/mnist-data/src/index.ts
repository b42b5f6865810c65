export { DataError, isDataError, type DataErrorCode } from './errors.js';
export { CLASSES, FEATURES, IMAGE_COLS, IMAGE_ROWS } from './shape.js';
export { frameDigit } from './frame-digit.js';
export { Dataset, classCounts, type Batch, type BatchOptions, type DatasetInit } from './dataset.js';
export { splitIndices, validationSize, type IndexSplit, type SplitOptions } from './split.js';
export {
  batchCount,
  batchOrder,
  epochSeed,
  fillBatch,
  fmix32,
  gatherPixels,
  identityOrder,
  oneHot,
  type PixelSource,
} from './batches.js';
export {
  NORMALIZATION_KINDS,
  describeNormalizations,
  normalization,
  normalizationOfText,
  normalizationText,
  normalizationTable,
  normalizeInto,
  type Normalization,
  type NormalizationKind,
  type NormalizationSpec,
} from './normalize.js';
export {
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  encodeIdxImages,
  encodeIdxLabels,
  parseIdxImages,
  parseIdxLabels,
  readIdx,
  readIdxImages,
  readIdxLabels,
} from './idx.js';
export { encodeCsv, parseCsv, readCsv } from './csv.js';
export { MAX_DATA_FILE_BYTES, readDataFile } from './io.js';
export {
  MNIST_CLASS_COUNTS,
  labelsFileFor,
  loadDataset,
  loadMnist,
  mnistFiles,
  verifyMnist,
  type IdxPair,
  type MnistPart,
} from './mnist.js';
export {
  augmentImages,
  AugmentThread,
  EpochAugmenter,
  augmentProblems,
  drawAffine,
  inverseAffine,
  affineRangeProblems,
  ElasticBank,
  elasticField,
  elasticProblems,
  DEFAULT_FIELDS,
  GaussianSmoother,
  gaussianKernel,
  reflectIndex,
  Warper,
  IDENTITY,
  CENTRE,
  ReferenceKernels,
  WasmKernels,
  applyInkBudget,
  drawDistortions,
  type AugmentKernels,
  type Smoother,
  type FieldChoice,
  type AugmentOptions,
  type AugmentRun,
  type EpochAugmenterOptions,
  type AffineRange,
  type AffineDraw,
  type ElasticOptions,
  type InverseAffine,
  type Displacement,
} from './augment/index.js';
