import type { ValueRange, WindowLevel } from './window-level.js';

/**
 * A greyscale frame as its modality values (HU for CT): the viewer windows these itself, so
 * window/level works on the real range instead of on an 8-bit picture.
 */
export interface ValueImage extends ValueRange {
  readonly kind: 'values';
  readonly width: number;
  readonly height: number;
  /** Row by row, `width` values a row. */
  readonly data: Int16Array | Float32Array;
  /** MONOCHROME1: the lowest value is displayed white. */
  readonly inverted: boolean;
}

export function isValueImage(image: unknown): image is ValueImage {
  return (image as { kind?: unknown } | null)?.kind === 'values';
}

/** The display level (0-255) of a value: the linear VOI LUT function of PS3.3 C.11.2.1.2.1. */
export function displayLevel(value: number, wl: WindowLevel, inverted: boolean): number {
  const width = Math.max(1, wl.width);
  const low = wl.level - 0.5 - (width - 1) / 2;
  const high = wl.level - 0.5 + (width - 1) / 2;
  const level =
    value <= low ? 0 : value > high ? 255 : ((value - (wl.level - 0.5)) / (width - 1) + 0.5) * 255;
  const byte = Math.round(Math.min(255, Math.max(0, level)));
  return inverted ? 255 - byte : byte;
}

const greyWord = (g: number) => (0xff000000 | g | (g << 8) | (g << 16)) >>> 0;

/**
 * Writes the image under a window as opaque grey RGBA words (little-endian, as browsers lay
 * out ImageData). Integer images go through a lookup table over their range, one entry per
 * value, so a window/level drag on a 512 x 512 CT costs one table and one pass.
 */
export function windowValues(image: ValueImage, wl: WindowLevel, target: Uint32Array): void {
  const { data, inverted } = image;
  if (data instanceof Int16Array) {
    const min = Math.floor(image.min);
    const lut = new Uint32Array(Math.floor(image.max) - min + 1);
    for (let v = 0; v < lut.length; v++) lut[v] = greyWord(displayLevel(v + min, wl, inverted));
    for (let i = 0; i < data.length; i++) target[i] = lut[data[i]! - min]!;
    return;
  }
  for (let i = 0; i < data.length; i++) target[i] = greyWord(displayLevel(data[i]!, wl, inverted));
}

/** The value at an image point (pixel centres at +0.5), or undefined outside the image. */
export function valueAt(image: ValueImage, x: number, y: number): number | undefined {
  const column = Math.floor(x);
  const row = Math.floor(y);
  if (column < 0 || row < 0 || column >= image.width || row >= image.height) return undefined;
  return image.data[row * image.width + column];
}
