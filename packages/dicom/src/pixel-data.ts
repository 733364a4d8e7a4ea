import dicomParser from 'dicom-parser';
import type { Element } from 'dicom-parser';
import { DicomError, describeThrown } from './errors.js';
import type { ImageInfo } from './metadata.js';
import { TAG } from './metadata.js';
import { nativeFrameLength } from './limits.js';
import type { DicomFile } from './parse.js';

/** The Pixel Data element and image description of a file; throws when it has none. */
export function pixelDataOf(file: DicomFile): { element: Element; image: ImageInfo } {
  const element = file.dataSet.elements[TAG.pixelData];
  const image = file.metadata.image;
  if (element === undefined || image === undefined) {
    throw new DicomError('no-pixel-data', 'the DICOM file has no Pixel Data (7FE0,0010)');
  }
  return { element, image };
}

export function checkFrameIndex(image: ImageInfo, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= image.numberOfFrames) {
    throw new DicomError(
      'frame-out-of-range',
      `frame ${index} does not exist: the file has ${image.numberOfFrames} frame(s)`,
    );
  }
}

/** The bytes of one uncompressed frame (1-bit frames may start mid-byte: see bitOffset). */
export function nativeFrame(
  file: DicomFile,
  element: Element,
  image: ImageInfo,
  index: number,
): { bytes: Uint8Array; bitOffset: number } {
  const frameLength = nativeFrameLength(image);
  const start = element.dataOffset + Math.floor(index * frameLength);
  const end = element.dataOffset + Math.ceil((index + 1) * frameLength);
  if (end > element.dataOffset + element.length || end > file.dataSet.byteArray.length) {
    throw new DicomError(
      'malformed',
      `malformed DICOM file: Pixel Data holds ${element.length} bytes, frame ${index} needs up to ${end - element.dataOffset}`,
    );
  }
  const bitOffset = image.bitsAllocated === 1 ? (index * image.rows * image.columns) % 8 : 0;
  return { bytes: file.dataSet.byteArray.subarray(start, end), bitOffset };
}

/** The compressed bytes of one frame of encapsulated pixel data (PS3.5 A.4). */
export function encapsulatedFrame(
  file: DicomFile,
  element: Element,
  image: ImageInfo,
  index: number,
  isJpeg: boolean,
): Uint8Array {
  const { dataSet } = file;
  const fragments = element.fragments ?? [];
  try {
    if (image.numberOfFrames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(
        dataSet,
        element,
        0,
        fragments.length,
      );
    }
    if ((element.basicOffsetTable ?? []).length > 0) {
      return dicomParser.readEncapsulatedImageFrame(dataSet, element, index);
    }
    if (fragments.length === image.numberOfFrames) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, index, 1);
    }
    if (isJpeg) {
      // No offset table and several fragments per frame: find frames by their JPEG markers.
      const table = dicomParser.createJPEGBasicOffsetTable(dataSet, element);
      return dicomParser.readEncapsulatedImageFrame(dataSet, element, index, table);
    }
  } catch (thrown) {
    throw new DicomError(
      'malformed',
      `malformed encapsulated pixel data: ${describeThrown(thrown)}`,
      {
        cause: thrown,
      },
    );
  }
  throw new DicomError(
    'malformed',
    `cannot find frame ${index}: ${fragments.length} fragments for ${image.numberOfFrames} frames and no offset table`,
  );
}
