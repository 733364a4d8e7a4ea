import { DicomError } from './errors.js';
import type { ImageInfo } from './metadata.js';
import { TAG } from './metadata.js';
import type { DicomFile } from './parse.js';

/**
 * How big an image this package decodes. Every limit is checked from the header, before a
 * buffer of that size exists, and fails with DicomError 'too-large'.
 */
export const DICOM_LIMITS = {
  /** Samples of one frame, rows x columns x samples per pixel: 5792 x 5792 grey, 3344 x 3344 colour. */
  frameSamples: 2 ** 25,
  /** Number of Frames (0028,0008). */
  frames: 10_000,
  /** Samples of all frames together (e.g. 4096 frames of 512 x 512). */
  imageSamples: 2 ** 30,
  /**
   * A deflated data set, inflated: never more than its header plus the Pixel Data its image
   * attributes need plus 1 MiB, and never more than this.
   */
  inflatedBytes: 64 * 2 ** 20,
} as const;

const tooLarge = (message: string) => new DicomError('too-large', message);

/** Refuses a frame above DICOM_LIMITS.frameSamples (e.g. a forged 65535 x 65535 RGB header). */
export function checkFrameSize(image: ImageInfo): void {
  const samples = image.rows * image.columns * image.samplesPerPixel;
  if (samples > DICOM_LIMITS.frameSamples) {
    throw tooLarge(
      `frames of ${image.rows}x${image.columns}x${image.samplesPerPixel} samples exceed the limit of ${DICOM_LIMITS.frameSamples}`,
    );
  }
}

/** Bytes of one uncompressed frame; YBR_FULL_422 stores two bytes per pixel (PS3.3 C.7.6.3.1.2). */
export function nativeFrameLength(image: ImageInfo): number {
  const pixels = image.rows * image.columns;
  if (image.photometricInterpretation === 'YBR_FULL_422') return pixels * 2;
  return (pixels * image.samplesPerPixel * image.bitsAllocated) / 8;
}

/**
 * Checks an image against DICOM_LIMITS and its Pixel Data against the frames it declares: an
 * uncompressed Pixel Data must hold every frame, an encapsulated one a fragment per frame at
 * least (PS3.5 A.4: no fragment holds two frames), or an offset per frame. A file that passes
 * decodes every frame it declares within the limits; one that declares 2,147,483,647 frames
 * in 256 bytes does not pass. Files without Pixel Data pass.
 */
export function checkImageLimits(file: DicomFile): void {
  const image = file.metadata.image;
  const element = file.dataSet.elements[TAG.pixelData];
  if (image === undefined || element === undefined) return;
  if (image.numberOfFrames > DICOM_LIMITS.frames) {
    throw tooLarge(
      `${image.numberOfFrames} frames exceed the limit of ${DICOM_LIMITS.frames} frames`,
    );
  }
  checkFrameSize(image);
  const samples = image.rows * image.columns * image.samplesPerPixel * image.numberOfFrames;
  if (samples > DICOM_LIMITS.imageSamples) {
    throw tooLarge(
      `${image.numberOfFrames} frames of ${image.rows}x${image.columns}x${image.samplesPerPixel} samples exceed the limit of ${DICOM_LIMITS.imageSamples} samples per image`,
    );
  }
  if (element.encapsulatedPixelData) {
    const offsets = element.basicOffsetTable?.length ?? 0;
    const fragments = element.fragments?.length ?? 0;
    const holds = offsets > 0 ? offsets : fragments;
    if (holds < image.numberOfFrames) {
      throw new DicomError(
        'malformed',
        `malformed DICOM file: ${image.numberOfFrames} frames declared, the Pixel Data holds ${holds} ${offsets > 0 ? 'offsets' : 'fragments'}`,
      );
    }
    return;
  }
  const needed = Math.ceil(nativeFrameLength(image) * image.numberOfFrames);
  if (element.length < needed) {
    throw new DicomError(
      'malformed',
      `malformed DICOM file: ${image.numberOfFrames} frames declared need ${needed} bytes of Pixel Data, it holds ${element.length}`,
    );
  }
}
