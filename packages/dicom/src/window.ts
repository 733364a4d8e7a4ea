import type { GreyFrame } from './decode.js';
import type { WindowSetting } from './metadata.js';

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
