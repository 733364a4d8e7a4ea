import type { DecodedFrame } from '../../src/index.js';

/**
 * The frame's samples as bytes: comparing these is exact and far faster than a deep equality
 * over a million-element typed array.
 */
export function frameBytes(frame: DecodedFrame): Buffer {
  const samples = frame.kind === 'grey' ? frame.values : frame.rgb;
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** True when two decoded frames have the same kind, size and samples. */
export function sameFrame(a: DecodedFrame, b: DecodedFrame): boolean {
  return (
    a.kind === b.kind &&
    a.rows === b.rows &&
    a.columns === b.columns &&
    frameBytes(a).equals(frameBytes(b))
  );
}
