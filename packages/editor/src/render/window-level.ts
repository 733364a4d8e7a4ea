/**
 * Window/level (the radiologist's brightness/contrast): grey values inside
 * [level - width/2, level + width/2] are stretched over the full display range.
 */
export interface WindowLevel {
  readonly width: number;
  readonly level: number;
}

export const FULL_RANGE: WindowLevel = { width: 256, level: 128 };

export function isFullRange(wl: WindowLevel): boolean {
  return wl.width === FULL_RANGE.width && wl.level === FULL_RANGE.level;
}

/** A 256-entry lookup table mapping stored 8-bit grey values to display values. */
export function windowLevelLut(wl: WindowLevel): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256);
  const width = Math.max(1, wl.width);
  const low = wl.level - width / 2;
  for (let v = 0; v < 256; v++) lut[v] = Math.round(((v - low) / width) * 255);
  return lut;
}

/** Applies a lookup table in place to RGBA pixels (alpha untouched). */
export function applyLut(rgba: Uint8ClampedArray, lut: Uint8ClampedArray): void {
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = lut[rgba[i]!]!;
    rgba[i + 1] = lut[rgba[i + 1]!]!;
    rgba[i + 2] = lut[rgba[i + 2]!]!;
  }
}

/** The lowest and highest value an image holds: 0-255 for 8-bit pictures, HU for CT, ... */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

export const BYTE_RANGE: ValueRange = { min: 0, max: 255 };

/**
 * Window/level change for a drag: horizontal widens the window, vertical moves the level. A
 * screen pixel moves them by a 256th of the image's range (1 for 8-bit pictures, about 17 HU
 * on a CT), within 4 ranges of width and one range either side for the level.
 */
export function dragWindowLevel(
  start: WindowLevel,
  dx: number,
  dy: number,
  range: ValueRange = BYTE_RANGE,
): WindowLevel {
  const span = range.max - range.min + 1;
  const step = span / 256;
  return {
    width: Math.min(4 * span, Math.max(1, start.width + dx * step)),
    level: Math.min(range.max + span, Math.max(range.min - span, start.level - dy * step)),
  };
}

/** Whether every pixel of RGBA data is grey (R = G = B), e.g. a rendered DICOM frame. */
export function isGrey(rgba: Uint8ClampedArray): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

/**
 * The lookup table for grey pixels, a whole pixel per step: reads the grey value of each source
 * pixel and writes R, G and B at once, keeping alpha (little-endian RGBA words, as browsers use).
 */
export function applyGreyLut(
  source: Uint32Array,
  target: Uint32Array,
  lut: Uint8ClampedArray,
): void {
  const words = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    const g = lut[v]!;
    words[v] = g | (g << 8) | (g << 16);
  }
  for (let i = 0; i < source.length; i++) {
    const pixel = source[i]!;
    target[i] = ((pixel & 0xff000000) | words[pixel & 0xff]!) >>> 0;
  }
}
