import { decodeFrame } from './decode.js';
import { DicomError } from './errors.js';
import type { WindowSetting } from './metadata.js';
import type { DicomFile } from './parse.js';
import { fileWindow, percentileWindow } from './window.js';

/**
 * The modality values of one greyscale frame, ready to send to a viewer that windows them
 * itself: 16-bit integers when every value is one (CT in HU, most MR), else 32-bit floats.
 */
export interface FrameValues {
  readonly rows: number;
  readonly columns: number;
  readonly type: 'int16' | 'float32';
  readonly data: Int16Array | Float32Array;
  readonly min: number;
  readonly max: number;
  /** MONOCHROME1: the lowest value is displayed white. */
  readonly inverted: boolean;
  /** What the values measure: 'HU' for CT, else the Rescale Type when the file names one. */
  readonly unit: string | undefined;
  /** The window to open with: the file's own, the CT soft-tissue window, or `auto`. */
  readonly window: WindowSetting;
  /** The 1st to 99th percentile of the frame's values: a window for any modality. */
  readonly auto: WindowSetting;
}

/** Rescale Type 'US' means unspecified (PS3.3 C.11.1.1.2). */
const namedUnit = (rescaleType: string | undefined) =>
  rescaleType === 'US' ? undefined : rescaleType;

const INT16_MIN = -32768;
const INT16_MAX = 32767;

/**
 * Decodes frame `index` of a greyscale file to its modality values (Rescale Slope and
 * Intercept applied). Colour frames have no modality values: DicomError
 * 'unsupported-pixel-format'; otherwise the errors of decodeFrame.
 */
export async function frameValues(file: DicomFile, index: number): Promise<FrameValues> {
  const frame = await decodeFrame(file, index);
  if (frame.kind !== 'grey') {
    throw new DicomError(
      'unsupported-pixel-format',
      'a colour frame has no modality values: load its rendered PNG',
    );
  }
  const { values } = frame;
  let integers = frame.min >= INT16_MIN && frame.max <= INT16_MAX;
  for (let i = 0; integers && i < values.length; i++) integers = Number.isInteger(values[i]);
  const auto = percentileWindow(frame);
  const modality = file.metadata.modality;
  return {
    rows: frame.rows,
    columns: frame.columns,
    type: integers ? 'int16' : 'float32',
    data: integers ? Int16Array.from(values) : Float32Array.from(values),
    min: frame.min,
    max: frame.max,
    inverted: frame.inverted,
    unit: modality === 'CT' ? 'HU' : namedUnit(file.metadata.image?.rescaleType),
    window: fileWindow(file) ?? auto,
    auto,
  };
}
