import { DicomError } from './errors.js';
import type { ImageInfo } from './metadata.js';
import type { DicomFile } from './parse.js';
import { readPalette, type Palette } from './palette.js';
import { pixelDataOf } from './pixel-data.js';
import { readStoredSamples } from './samples.js';

/** A greyscale frame in modality units (Rescale Slope and Intercept applied: HU for CT). */
export interface GreyFrame {
  readonly kind: 'grey';
  readonly rows: number;
  readonly columns: number;
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
  /** MONOCHROME1: the lowest value is displayed white. */
  readonly inverted: boolean;
}

/** A colour frame as 8-bit RGB, interleaved. */
export interface RgbFrame {
  readonly kind: 'rgb';
  readonly rows: number;
  readonly columns: number;
  readonly rgb: Uint8Array;
}

export type DecodedFrame = GreyFrame | RgbFrame;

function toGrey(values: Float64Array, image: ImageInfo): GreyFrame {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = image;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]! * slope + intercept;
    values[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return {
    kind: 'grey',
    rows: image.rows,
    columns: image.columns,
    values,
    min,
    max,
    inverted: image.photometricInterpretation === 'MONOCHROME1',
  };
}

const clampByte = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));

/** Interleaved RGB or full-range YCbCr samples to 8-bit RGB (PS3.3 C.7.6.3.1.2). */
function toRgb(values: Float64Array, image: ImageInfo, isYcbcr: boolean): RgbFrame {
  // Samples wider than 8 bits keep their 8 most significant stored bits.
  const scale = 2 ** Math.max(0, image.bitsStored - 8);
  const rgb = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i += 3) {
    const a = Math.floor(values[i]! / scale);
    const b = Math.floor(values[i + 1]! / scale);
    const c = Math.floor(values[i + 2]! / scale);
    if (isYcbcr) {
      rgb[i] = clampByte(a + 1.402 * (c - 128));
      rgb[i + 1] = clampByte(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
      rgb[i + 2] = clampByte(a + 1.772 * (b - 128));
    } else {
      rgb[i] = clampByte(a);
      rgb[i + 1] = clampByte(b);
      rgb[i + 2] = clampByte(c);
    }
  }
  return { kind: 'rgb', rows: image.rows, columns: image.columns, rgb };
}

/** Palette indices to 8-bit RGB; indices outside the table take its first or last entry. */
function fromPalette(indices: Float64Array, image: ImageInfo, palette: Palette): RgbFrame {
  const last = palette.red.length - 1;
  const rgb = new Uint8Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    const entry = Math.min(last, Math.max(0, indices[i]! - palette.first));
    rgb[i * 3] = palette.red[entry]!;
    rgb[i * 3 + 1] = palette.green[entry]!;
    rgb[i * 3 + 2] = palette.blue[entry]!;
  }
  return { kind: 'rgb', rows: image.rows, columns: image.columns, rgb };
}

const YCBCR = new Set(['YBR_FULL', 'YBR_FULL_422']);

/**
 * Decodes frame `index` (0-based) of a parsed file: greyscale frames in modality units,
 * colour frames (RGB, YBR, palette colour) as 8-bit RGB. Throws DicomError ('no-pixel-data',
 * 'frame-out-of-range', 'unsupported-transfer-syntax', 'unsupported-pixel-format',
 * 'decode-failed', 'malformed').
 */
export async function decodeFrame(file: DicomFile, index: number): Promise<DecodedFrame> {
  const { image } = pixelDataOf(file);
  const photometric = image.photometricInterpretation;
  if (image.samplesPerPixel === 1 && photometric.startsWith('MONOCHROME')) {
    return toGrey((await readStoredSamples(file, index)).values, image);
  }
  if (image.samplesPerPixel === 1 && photometric === 'PALETTE COLOR') {
    const palette = readPalette(file);
    return fromPalette((await readStoredSamples(file, index)).values, image, palette);
  }
  if (image.samplesPerPixel === 3 && photometric !== 'PALETTE COLOR') {
    const { values, colourIsRgb } = await readStoredSamples(file, index);
    return toRgb(values, image, !colourIsRgb && YCBCR.has(photometric));
  }
  throw new DicomError(
    'unsupported-pixel-format',
    `${photometric} with ${image.samplesPerPixel} sample(s) per pixel is not supported`,
  );
}
