/** Why a DICOM file could not be read, decoded or rewritten. */
export type DicomErrorCode =
  /** No "DICM" prefix at byte 128: not a DICOM Part 10 file. */
  | 'not-part10'
  /** A Part 10 file whose content is truncated or inconsistent. */
  | 'malformed'
  /** The pixel data uses a transfer syntax this package cannot decode. */
  | 'unsupported-transfer-syntax'
  /** The pixel data is in a layout this package cannot decode (e.g. 12-bit JPEG). */
  | 'unsupported-pixel-format'
  /** The data set has no Pixel Data (7FE0,0010): a report, a plan, a waveform... */
  | 'no-pixel-data'
  /** A frame index outside 0 .. numberOfFrames - 1. */
  | 'frame-out-of-range'
  /** A readable file that the de-identification writer cannot rewrite (e.g. ISO 2022 text). */
  | 'unsupported-data-set'
  /** A codec or the pixel data itself failed while decoding a frame. */
  | 'decode-failed'
  /** The image, a frame or the inflated data set is above DICOM_LIMITS. */
  | 'too-large';

/** The one error type this package throws; `code` says what went wrong. */
export class DicomError extends Error {
  override readonly name = 'DicomError';

  constructor(
    readonly code: DicomErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Message of an unknown thrown value; dicom-parser throws strings and plain objects. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'object' && thrown !== null && 'exception' in thrown) {
    return String(thrown.exception);
  }
  return String(thrown);
}
