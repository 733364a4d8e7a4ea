import { Decoder } from 'jpeg-lossless-decoder-js';
import { DicomError, describeThrown } from '../errors.js';
import type { CodecOutput } from './wasm.js';

/** Decodes one JPEG Lossless (process 14) frame; `bytesPerSample` is 1 or 2. */
export function decodeJpegLossless(
  encoded: Uint8Array,
  bytesPerSample: number,
  width: number,
  height: number,
  components: number,
): CodecOutput {
  try {
    const samples = new Decoder().decode(
      encoded.buffer,
      encoded.byteOffset,
      encoded.length,
      bytesPerSample,
    );
    return { width, height, components, samples };
  } catch (thrown) {
    throw new DicomError(
      'decode-failed',
      `JPEG Lossless decoder failed: ${describeThrown(thrown)}`,
      {
        cause: thrown,
      },
    );
  }
}
