import { DicomError } from '../errors.js';
import type { ImageInfo } from '../metadata.js';

/** What a compressed frame says about its own size (0 where it leaves a dimension open). */
export interface CodestreamSize {
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/** Start-of-frame markers: SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC); SOF55 of JPEG-LS. */
const isStartOfFrame = (marker: number) =>
  (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
  marker === 0xf7;

/** The frame header of a JPEG, JPEG Lossless or JPEG-LS stream, read before any scan. */
function jpegSize(bytes: Uint8Array): CodestreamSize | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // standalone markers
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // a scan (or the end) before a frame
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (isStartOfFrame(marker)) {
      if (at + 10 > bytes.length) return undefined;
      return {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!,
      };
    }
    at += 2 + length;
  }
  return undefined;
}

/** The image size of a JPEG 2000 codestream (SIZ, right after SOC), raw or inside a JP2 box. */
function jpeg2000Size(bytes: Uint8Array): CodestreamSize | undefined {
  const window = Math.min(bytes.length - 42, 4096);
  for (let at = 0; at <= window; at++) {
    if (bytes[at] === 0xff && bytes[at + 1] === 0x4f && bytes[at + 2] === 0xff) {
      if (bytes[at + 3] !== 0x51) continue;
      const view = new DataView(bytes.buffer, bytes.byteOffset + at + 4);
      // Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz
      return {
        width: view.getUint32(4) - view.getUint32(12),
        height: view.getUint32(8) - view.getUint32(16),
        components: view.getUint16(36),
      };
    }
  }
  return undefined;
}

/**
 * Refuses a compressed frame that declares more pixels or components than the data set's
 * image attributes: the codec would allocate what the codestream says, and only the
 * attributes are checked against DICOM_LIMITS. (A codestream smaller than the attributes
 * fails after decoding, with fewer samples than expected.)
 */
export function checkCodestreamSize(
  encoded: Uint8Array,
  kind: 'jpeg' | 'jpeg-2000',
  image: ImageInfo,
): void {
  const size = kind === 'jpeg' ? jpegSize(encoded) : jpeg2000Size(encoded);
  if (size === undefined) return;
  if (
    size.width > image.columns ||
    size.height > image.rows ||
    size.components > Math.max(3, image.samplesPerPixel)
  ) {
    throw new DicomError(
      'decode-failed',
      `the compressed frame declares ${size.width}x${size.height} pixels of ${size.components} components; the image is ${image.columns}x${image.rows} of ${image.samplesPerPixel}`,
    );
  }
}
