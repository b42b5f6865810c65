/**
 * Every way a model file can be refused, each with a stable code that scripts and tests can rely
 * on (the message may be reworded; the code may not).
 */
export const MODEL_FILE_ERROR_CODES = {
  READ_FAILED: 'the file could not be read',
  TOO_SHORT: 'shorter than the 8-byte header length',
  HEADER_LENGTH: 'the header length is past the file end or over 100 MB',
  HEADER_JSON: 'the header is not UTF-8 JSON',
  HEADER_NOT_OBJECT: 'the header is JSON but not an object',
  TOO_MANY_TENSORS: 'the header lists more tensors than MAX_TENSORS',
  DUPLICATE_TENSOR: 'the header names one tensor twice',
  NOT_A_FILE: 'the path is not a regular file (a device, a FIFO)',
  BAD_ENTRY: 'a tensor entry lacks dtype, shape or data_offsets, or has the wrong types',
  UNSUPPORTED_DTYPE: 'a dtype other than F32',
  OFFSETS_OUT_OF_RANGE: 'data_offsets reach past the data section',
  OFFSETS_SIZE: 'data_offsets do not span shape × 4 bytes',
  OFFSETS_OVERLAP: 'two tensors share bytes',
  BAD_METADATA: '__metadata__ is not an object of strings',
  NON_FINITE: 'a tensor holds NaN or ±Infinity',
  MISSING_TENSOR: 'W1, b1, W2 or b2 is absent',
  SHAPE_MISMATCH: 'the shapes of W1, b1, W2, b2 disagree with each other or with the expected inputs/outputs',
  WRONG_FORMAT: '__metadata__.format or .hidden says this is not our model',
} as const;

export type ModelFileErrorCode = keyof typeof MODEL_FILE_ERROR_CODES;

/** A model file that cannot be trusted; the message names the file (and the tensor, if any). */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';

  constructor(
    readonly code: ModelFileErrorCode,
    readonly file: string,
    detail: string,
    readonly tensor?: string,
  ) {
    super(`${file}: ${clip(detail)}`);
  }
}

/** Messages are for people: a hostile file's names or values are cut to a readable length. */
export const MAX_DETAIL_CHARS = 400;

function clip(text: string): string {
  return text.length <= MAX_DETAIL_CHARS ? text : `${text.slice(0, MAX_DETAIL_CHARS)}… (${text.length - MAX_DETAIL_CHARS} more characters)`;
}
