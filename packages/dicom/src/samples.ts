import { checkCodestreamSize } from './codecs/codestream.js';
import { decodeJpegLossless } from './codecs/jpeg-lossless.js';
import { decodeRle } from './codecs/rle.js';
import { decodeWithWasm, type CodecOutput } from './codecs/wasm.js';
import { DicomError } from './errors.js';
import type { ImageInfo } from './metadata.js';
import type { DicomFile } from './parse.js';
import { checkFrameSize } from './limits.js';
import { checkFrameIndex, encapsulatedFrame, nativeFrame, pixelDataOf } from './pixel-data.js';
import { findTransferSyntax } from './transfer-syntax.js';

/** The stored values of one frame, samples interleaved (RGBRGB... for colour). */
export interface StoredSamples {
  readonly values: Float64Array;
  /** The codec already turned YCbCr into RGB (JPEG baseline, JPEG 2000 with MCT). */
  readonly colourIsRgb: boolean;
}

/**
 * A function that keeps the Bits Stored low bits of a raw sample and sign-extends them when
 * Pixel Representation is signed. Bit operations cover widths up to 31 bits; 32-bit samples
 * only need reinterpreting.
 */
function storedValueReader(bitsStored: number, signed: boolean): (raw: number) => number {
  if (bitsStored >= 32) return signed ? (raw) => raw | 0 : (raw) => raw >>> 0;
  const shift = 32 - bitsStored;
  const mask = 2 ** bitsStored - 1;
  return signed ? (raw) => (raw << shift) >> shift : (raw) => raw & mask;
}

function readWord(view: DataView, offset: number, bits: number, littleEndian: boolean): number {
  return bits === 16 ? view.getUint16(offset, littleEndian) : view.getUint32(offset, littleEndian);
}

/** Reads native (uncompressed) frame bytes into interleaved stored values. */
function readNative(
  bytes: Uint8Array,
  bitOffset: number,
  image: ImageInfo,
  littleEndian: boolean,
  swapBytePairs: boolean,
): Float64Array {
  const count = image.rows * image.columns * image.samplesPerPixel;
  const values = new Float64Array(count);
  const { bitsAllocated } = image;
  const stored = storedValueReader(image.bitsStored, image.signed);
  if (bitsAllocated === 1) {
    for (let i = 0; i < count; i++) {
      const bit = bitOffset + i;
      values[i] = (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
  } else if (bitsAllocated === 8) {
    for (let i = 0; i < count; i++) {
      values[i] = stored(bytes[swapBytePairs ? i ^ 1 : i]!);
    }
  } else if (bitsAllocated === 16 || bitsAllocated === 32) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = bitsAllocated / 8;
    for (let i = 0; i < count; i++) {
      values[i] = stored(readWord(view, i * size, bitsAllocated, littleEndian));
    }
  } else {
    throw new DicomError(
      'unsupported-pixel-format',
      `Bits Allocated ${bitsAllocated} is not supported`,
    );
  }
  return values;
}

/** Planar Configuration 1 (RR..GG..BB..) to interleaved samples. */
function interleave(planes: Float64Array, samplesPerPixel: number): Float64Array {
  const pixels = planes.length / samplesPerPixel;
  const out = new Float64Array(planes.length);
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let p = 0; p < pixels; p++) out[p * samplesPerPixel + s] = planes[s * pixels + p]!;
  }
  return out;
}

/** Uncompressed YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair) to interleaved full YCbCr. */
function expandYbr422(bytes: Uint8Array, pixels: number): Float64Array {
  const out = new Float64Array(pixels * 3);
  for (let pair = 0; pair * 2 < pixels; pair++) {
    const [y1, y2, cb, cr] = [0, 1, 2, 3].map((k) => bytes[pair * 4 + k]!) as [
      number,
      number,
      number,
      number,
    ];
    out.set([y1, cb, cr], pair * 6);
    if (pair * 2 + 1 < pixels) out.set([y2, cb, cr], pair * 6 + 3);
  }
  return out;
}

function fromCodec(output: CodecOutput, image: ImageInfo): Float64Array {
  const expected = image.rows * image.columns * image.samplesPerPixel;
  if (output.samples.length < expected) {
    throw new DicomError(
      'decode-failed',
      `decoded frame has ${output.samples.length} samples, ${expected} expected (${image.rows}x${image.columns}x${image.samplesPerPixel})`,
    );
  }
  const values = new Float64Array(expected);
  const stored = storedValueReader(image.bitsStored, image.signed);
  for (let i = 0; i < expected; i++) values[i] = stored(output.samples[i]!);
  return values;
}

/** Decodes the stored values of one frame; throws DicomError for what it cannot decode. */
export async function readStoredSamples(file: DicomFile, index: number): Promise<StoredSamples> {
  const { element, image } = pixelDataOf(file);
  checkFrameIndex(image, index);
  checkFrameSize(image);
  const uid = file.metadata.transferSyntaxUid;
  const syntax = findTransferSyntax(uid);
  if (syntax === undefined) {
    throw new DicomError('unsupported-transfer-syntax', `transfer syntax ${uid} is not supported`);
  }
  const pixels = image.rows * image.columns;
  switch (syntax.encoding) {
    case 'native': {
      const { bytes, bitOffset } = nativeFrame(file, element, image, index);
      if (image.photometricInterpretation === 'YBR_FULL_422' && image.bitsAllocated === 8) {
        return { values: expandYbr422(bytes, pixels), colourIsRgb: false };
      }
      // Explicit VR Big Endian swaps 8-bit samples in pairs when the VR is OW (PS3.5 A.3).
      const swap = !syntax.littleEndian && image.bitsAllocated === 8 && element.vr === 'OW';
      const values = readNative(bytes, bitOffset, image, syntax.littleEndian, swap);
      const planar = image.planarConfiguration === 1 && image.samplesPerPixel > 1;
      return {
        values: planar ? interleave(values, image.samplesPerPixel) : values,
        colourIsRgb: false,
      };
    }
    case 'rle': {
      const encoded = encapsulatedFrame(file, element, image, index, false);
      const bytes = decodeRle(encoded, pixels, image.samplesPerPixel, image.bitsAllocated / 8);
      return { values: readNative(bytes, 0, image, true, false), colourIsRgb: false };
    }
    case 'jpeg-baseline': {
      if (image.bitsAllocated !== 8 || image.bitsStored > 8) {
        throw new DicomError(
          'unsupported-pixel-format',
          `${syntax.name}: only 8-bit samples are supported, this file stores ${image.bitsStored} bits`,
        );
      }
      const encoded = encapsulatedFrame(file, element, image, index, true);
      checkCodestreamSize(encoded, 'jpeg', image);
      return { values: fromCodec(await decodeWithWasm('jpeg', encoded), image), colourIsRgb: true };
    }
    case 'jpeg-lossless': {
      const encoded = encapsulatedFrame(file, element, image, index, true);
      checkCodestreamSize(encoded, 'jpeg', image);
      const output = decodeJpegLossless(
        encoded,
        image.bitsAllocated / 8,
        image.columns,
        image.rows,
        image.samplesPerPixel,
      );
      return { values: fromCodec(output, image), colourIsRgb: false };
    }
    case 'jpeg-ls': {
      const encoded = encapsulatedFrame(file, element, image, index, false);
      checkCodestreamSize(encoded, 'jpeg', image);
      return {
        values: fromCodec(await decodeWithWasm('jpeg-ls', encoded), image),
        colourIsRgb: false,
      };
    }
    case 'jpeg-2000': {
      const encoded = encapsulatedFrame(file, element, image, index, false);
      checkCodestreamSize(encoded, 'jpeg-2000', image);
      const output = await decodeWithWasm('jpeg-2000', encoded);
      return { values: fromCodec(output, image), colourIsRgb: true };
    }
  }
}
