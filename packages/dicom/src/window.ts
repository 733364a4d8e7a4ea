import type { GreyFrame } from './decode.js';
import type { WindowSetting } from './metadata.js';
import type { DicomFile } from './parse.js';

/** CT values are Hounsfield units: the soft-tissue window (C 40, W 400) CT viewers open with. */
export const CT_SOFT_TISSUE_WINDOW: WindowSetting = { center: 40, width: 400 };

/**
 * The window a file asks for: its first stored window; without one, the soft-tissue window for
 * CT (a CT frame's full range runs from the padding outside the scan circle, around -3000, to
 * bone and metal, which washes the body out in a mid grey); undefined for other modalities,
 * which have no such convention.
 */
export function fileWindow(file: DicomFile): WindowSetting | undefined {
  return (
    file.metadata.image?.windows[0] ??
    (file.metadata.modality === 'CT' ? CT_SOFT_TISSUE_WINDOW : undefined)
  );
}

/** Bins of the histogram percentileWindow reads: a 4096th of the range is finer than any display. */
const HISTOGRAM_BINS = 4096;

/**
 * A window from the `low` to the `high` quantile of the frame's values (default the 1st to
 * 99th percentile), read from a histogram of HISTOGRAM_BINS bins: what an MR viewer opens
 * with, since MR values have no fixed scale. A constant frame gets a window of width 1.
 */
export function percentileWindow(
  frame: Pick<GreyFrame, 'values' | 'min' | 'max'>,
  low = 0.01,
  high = 0.99,
): WindowSetting {
  const { values, min, max } = frame;
  const span = max - min;
  if (!(span > 0) || values.length === 0) return { center: min, width: 1 };
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const scale = (HISTOGRAM_BINS - 1) / span;
  for (let i = 0; i < values.length; i++) counts[Math.floor((values[i]! - min) * scale)]!++;
  const quantile = (q: number): number => {
    const wanted = q * values.length;
    let seen = 0;
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
      seen += counts[bin]!;
      if (seen >= wanted) return min + bin / scale;
    }
    return max;
  };
  const from = quantile(low);
  const to = Math.max(quantile(high), from + 1);
  return { center: (from + to) / 2, width: to - from };
}

/** A window that spans the frame's whole range of values. */
export function minMaxWindow(frame: Pick<GreyFrame, 'min' | 'max'>): WindowSetting {
  const width = Math.max(1, frame.max - frame.min + 1);
  return { center: frame.min + width / 2, width };
}

/**
 * Maps modality values to 0..255 with the linear VOI LUT function of PS3.3 C.11.2.1.2.1,
 * inverting MONOCHROME1 frames so that they display as intended.
 */
export function applyWindow(frame: GreyFrame, window: WindowSetting): Uint8Array {
  const width = Math.max(1, window.width);
  const low = window.center - 0.5 - (width - 1) / 2;
  const high = window.center - 0.5 + (width - 1) / 2;
  const out = new Uint8Array(frame.values.length);
  for (let i = 0; i < out.length; i++) {
    const x = frame.values[i]!;
    const level =
      x <= low ? 0 : x > high ? 255 : ((x - (window.center - 0.5)) / (width - 1) + 0.5) * 255;
    out[i] = frame.inverted ? 255 - Math.round(level) : Math.round(level);
  }
  return out;
}
