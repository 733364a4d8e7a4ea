import { constants, inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DicomError, describeThrown } from './errors.js';
import { DICOM_LIMITS } from './limits.js';
import { TAG, readMetadata, type DicomMetadata } from './metadata.js';

/** A parsed Part 10 file: its metadata summary plus the data set that frames are decoded from. */
export interface DicomFile {
  readonly metadata: DicomMetadata;
  /** The dicom-parser data set (pixel data stays in the original bytes). */
  readonly dataSet: DataSet;
}

const PREAMBLE_LENGTH = 128;
/** Compressed bytes inflated first to find the image attributes; doubled until they are found. */
const FIRST_PROBE = 4096;
/** Room after the Pixel Data its image needs: padding, trailing elements, a signature. */
const AFTER_PIXEL_DATA = 1 << 20;

/** True when the bytes carry the "DICM" prefix of a Part 10 file. */
export function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PREAMBLE_LENGTH + 4 &&
    String.fromCharCode(...bytes.subarray(PREAMBLE_LENGTH, PREAMBLE_LENGTH + 4)) === 'DICM'
  );
}

const tooBig = (error: unknown) => (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';

/**
 * Where the Pixel Data the image attributes declare ends in an inflated data set (Explicit VR
 * Little Endian), when the prefix `head` reaches the Pixel Data element; undefined otherwise.
 */
function declaredEnd(head: Uint8Array): number | undefined {
  const dataSet = { elements: {}, warnings: [] } as unknown as DataSet;
  try {
    const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, head, 0);
    dicomParser.parseDicomDataSetExplicit(dataSet, stream, head.length, {
      untilTag: TAG.pixelData,
    });
  } catch {
    // A prefix ends inside an element (or the data set is malformed: the bound still holds).
  }
  const { elements } = dataSet;
  const pixelData = elements[TAG.pixelData];
  if (pixelData === undefined) return undefined;
  const uint16 = (tag: string) => {
    const element = elements[tag];
    return element && element.dataOffset + 2 <= head.length
      ? dicomParser.littleEndianByteArrayParser.readUint16(head, element.dataOffset)
      : 0;
  };
  const framesElement = elements[TAG.numberOfFrames];
  const frames = framesElement
    ? parseInt(
        dicomParser.readFixedString(head, framesElement.dataOffset, framesElement.length),
        10,
      )
    : 1;
  const bytes =
    uint16(TAG.rows) *
    uint16(TAG.columns) *
    Math.max(1, uint16(TAG.samplesPerPixel)) *
    (Number.isFinite(frames) && frames > 0 ? frames : 1) *
    (uint16(TAG.bitsAllocated) / 8);
  return pixelData.dataOffset + Math.ceil(bytes);
}

/**
 * How far a deflated body may inflate: to the end of the Pixel Data its own image attributes
 * declare, plus AFTER_PIXEL_DATA, and never beyond DICOM_LIMITS.inflatedBytes. The attributes
 * are read from growing prefixes of the compressed body, each inflated under the same limit,
 * so a stream that inflates without end fails after at most twice that much work.
 */
function inflationLimit(body: Uint8Array): number {
  for (let probe = FIRST_PROBE; ; probe *= 2) {
    let head: Buffer;
    try {
      head = inflateRawSync(body.subarray(0, probe), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: DICOM_LIMITS.inflatedBytes,
      });
    } catch (error) {
      if (tooBig(error)) {
        throw new DicomError(
          'too-large',
          `the deflated data set inflates beyond ${DICOM_LIMITS.inflatedBytes} bytes before its Pixel Data`,
        );
      }
      throw error;
    }
    const end = declaredEnd(head);
    if (end !== undefined) return Math.min(DICOM_LIMITS.inflatedBytes, end + AFTER_PIXEL_DATA);
    if (probe >= body.length) return DICOM_LIMITS.inflatedBytes; // no Pixel Data: all inflated
  }
}

/**
 * Inflates a Deflated Explicit VR Little Endian body in place of the deflated one, no further
 * than its image needs (a 1 MiB "zip bomb" declaring a 512 x 512 image stops at 1.25 MiB).
 */
function inflate(bytes: Uint8Array, position: number): Uint8Array {
  const deflated = bytes.subarray(position);
  const limit = inflationLimit(deflated);
  let body: Buffer;
  try {
    body = inflateRawSync(deflated, { maxOutputLength: limit });
  } catch (error) {
    if (!tooBig(error)) throw error;
    throw new DicomError(
      'too-large',
      `the deflated data set inflates beyond the ${limit} bytes its image needs (at most ${DICOM_LIMITS.inflatedBytes})`,
    );
  }
  const whole = new Uint8Array(position + body.length);
  whole.set(bytes.subarray(0, position));
  whole.set(body, position);
  return whole;
}

/**
 * Parses a DICOM Part 10 file. Throws DicomError 'not-part10' without the DICM prefix and
 * 'malformed' for truncated or inconsistent content. Pixel data is decoded later, per frame.
 */
export function parseDicom(bytes: Uint8Array): DicomFile {
  if (!isPart10(bytes)) {
    throw new DicomError('not-part10', 'not a DICOM Part 10 file: no "DICM" prefix at byte 128');
  }
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, {
      // dicom-parser's typings say void, but it uses the returned bytes.
      inflater: inflate as unknown as (arr: Uint8Array, position: number) => void,
    });
    checkExtents(dataSet, dataSet.byteArray.length);
    return { dataSet, metadata: readMetadata(dataSet) };
  } catch (thrown) {
    if (thrown instanceof DicomError) throw thrown;
    throw new DicomError('malformed', `malformed DICOM file: ${describeThrown(thrown)}`, {
      cause: thrown,
    });
  }
}

/** dicom-parser accepts some truncated files; an element that runs past the end is refused. */
function checkExtents(dataSet: DataSet, size: number): void {
  for (const element of Object.values(dataSet.elements)) {
    if (element.dataOffset + element.length > size) {
      throw new DicomError(
        'malformed',
        `malformed DICOM file: element ${element.tag} runs past the end of the file`,
      );
    }
    for (const item of element.items ?? []) {
      if (item.dataSet !== undefined) checkExtents(item.dataSet, size);
    }
  }
}
