/** Every built-in stage, in the order the README lists them. They use the public stage API only. */
import type { Stage } from '@mnist-ts/pipeline-core';
import { augmentAffine, augmentElastic } from './augment.js';
import { dataCsv, dataIdx, dataMnist, dataSplit } from './data.js';
import { evalAccuracy, metricsLoad } from './eval.js';
import { modelLoad, modelSave, modelTwoLayer } from './model.js';
import { trainSeeds } from './seeds.js';
import { trainSweep } from './sweep.js';
import { trainSgd } from './train.js';
import { reportHtml, vizConfusion, vizCurves, vizMisclassified, vizWeights } from './viz.js';

export const BUILTIN_STAGES: readonly Stage[] = Object.freeze([
  dataMnist, dataIdx, dataCsv, dataSplit,
  modelTwoLayer, modelLoad, modelSave,
  augmentAffine, augmentElastic,
  trainSgd, trainSweep, trainSeeds,
  evalAccuracy, metricsLoad,
  vizCurves, vizWeights, vizConfusion, vizMisclassified, reportHtml,
]);
