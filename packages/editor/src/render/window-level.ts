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

/** Window/level change for a drag: horizontal widens the window, vertical moves the level. */
export function dragWindowLevel(start: WindowLevel, dx: number, dy: number): WindowLevel {
  return {
    width: Math.min(1024, Math.max(1, start.width + dx)),
    level: Math.min(512, Math.max(-256, start.level - dy)),
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
