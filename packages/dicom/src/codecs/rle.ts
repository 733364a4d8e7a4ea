import { DicomError } from '../errors.js';

const HEADER_LENGTH = 64;
const MAX_SEGMENTS = 15;

/** Decodes one PackBits segment into `out` at every `stride`-th byte from `start`. */
function unpackSegment(
  segment: Uint8Array,
  out: Uint8Array,
  start: number,
  stride: number,
  count: number,
): void {
  let read = 0;
  let written = 0;
  while (read < segment.length && written < count) {
    const header = (segment[read++]! << 24) >> 24; // signed byte
    if (header >= 0) {
      for (let i = 0; i <= header && written < count; i++) {
        out[start + written++ * stride] = segment[read++]!;
      }
    } else if (header !== -128) {
      const value = segment[read++]!;
      for (let i = 0; i < 1 - header && written < count; i++) {
        out[start + written++ * stride] = value;
      }
    }
  }
  if (written < count) {
    throw new DicomError('decode-failed', `RLE segment ends after ${written} of ${count} bytes`);
  }
}

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G) into native little-endian bytes with
 * interleaved samples, as an uncompressed frame with Planar Configuration 0 would be.
 */
export function decodeRle(
  encoded: Uint8Array,
  pixelCount: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const expected = samplesPerPixel * bytesPerSample;
  if (encoded.length < HEADER_LENGTH || view.getUint32(0, true) !== expected) {
    throw new DicomError(
      'decode-failed',
      `RLE frame does not have the ${expected} segments expected`,
    );
  }
  const out = new Uint8Array(pixelCount * expected);
  for (let segment = 0; segment < expected && segment < MAX_SEGMENTS; segment++) {
    const begin = view.getUint32(4 + segment * 4, true);
    const end = segment + 1 < expected ? view.getUint32(8 + segment * 4, true) : encoded.length;
    if (begin < HEADER_LENGTH || end < begin || end > encoded.length) {
      throw new DicomError('decode-failed', `RLE segment ${segment} has invalid offsets`);
    }
    const sample = Math.floor(segment / bytesPerSample);
    // Segments hold the most significant byte first; the output is little endian.
    const byte = bytesPerSample - 1 - (segment % bytesPerSample);
    unpackSegment(
      encoded.subarray(begin, end),
      out,
      sample * bytesPerSample + byte,
      expected,
      pixelCount,
    );
  }
  return out;
}
