/**
 * Errors for bad data files. Each carries a stable `code` (callers and tests switch on it, never on
 * the text) and the `path` of the file it is about, and its message names the file, what was
 * expected and what was found.
 */

export type DataErrorCode =
  | 'DATA_MISSING' // the file does not exist (or cannot be read)
  | 'DATA_EMPTY' // the file has 0 bytes (or decompresses to 0 bytes)
  | 'DATA_GZIP' // a .gz file that does not decompress
  | 'DATA_TOO_LARGE' // over MAX_DATA_FILE_BYTES, on disk or once inflated
  | 'DATA_BAD_MAGIC' // an IDX file whose first 4 bytes are not the expected magic number
  | 'DATA_BAD_SHAPE' // an IDX images file whose images are not 28×28
  | 'DATA_TRUNCATED' // fewer bytes than the header promises
  | 'DATA_TRAILING' // more bytes than the header promises
  | 'DATA_COUNT_MISMATCH' // images and labels files hold different numbers of items
  | 'DATA_BAD_LABEL' // a label outside 0..9
  | 'DATA_CSV_FIELDS' // a CSV row without exactly 785 fields (label + 784 pixels)
  | 'DATA_CSV_PIXEL' // a CSV pixel that is not an integer in 0..255
  | 'DATA_FORMAT' // loadDataset cannot tell which reader to use
  | 'DATA_VERIFY'; // verifyMnist: per-class counts differ from the real MNIST

export class DataError extends Error {
  override readonly name = 'DataError';
  /** A stable identifier, e.g. 'DATA_TRUNCATED'. */
  readonly code: DataErrorCode;
  /** The file (or data set source) the error is about. */
  readonly path: string;

  constructor(code: DataErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

/** True when `e` is a {@link DataError}, optionally with the given code. */
export function isDataError(e: unknown, code?: DataErrorCode): e is DataError {
  return e instanceof DataError && (code === undefined || e.code === code);
}
