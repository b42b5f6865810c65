export { Dense, heNormal, type LayerInput, type Param } from './dense.js';
export { Relu } from './activations.js';
export {
  LOSS_KINDS,
  PROBABILITY_FLOOR,
  crossEntropy,
  l2Penalty,
  l2Term,
  meanSquaredError,
  softmaxLoss,
  sumOfSquares,
  type LossKind,
  type SoftmaxLoss,
} from './losses.js';
export {
  PARAM_NAMES,
  TwoLayerNet,
  type BatchResult,
  type LossReport,
  type NetConfig,
  type ParamName,
  type TwoLayerNetOptions,
  type Weights,
} from './two-layer-net.js';
export { evaluateChunks, type EvalChunk, type EvaluateOptions, type Evaluation } from './evaluate.js';
export { GRADCHECK_EPS, GRADCHECK_FLOOR, GRADCHECK_TOLERANCE, gradCheck, referenceLoss, type GradCheckOptions, type GradCheckResult } from './grad-check.js';
export { MAX_HEADER_BYTES, MAX_TENSORS, decodeSafetensors, encodeSafetensors, type F32Tensor, type Safetensors } from './safetensors.js';
export { MODEL_FORMAT, PAPER_NORMALIZATION, decodeModel, encodeModel, loadModel, readSafetensorsFile, saveModel, type LoadOptions, type LoadedModel } from './model-file.js';
export { MODEL_FILE_ERROR_CODES, ModelFileError, type ModelFileErrorCode } from './errors.js';
export { writeFileAtomic } from './atomic-write.js';
export { RowBuffer } from './workspace.js';
