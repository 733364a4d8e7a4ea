import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DicomError, describeThrown } from './errors.js';
import { readMetadata, type DicomMetadata } from './metadata.js';

/** A parsed Part 10 file: its metadata summary plus the data set that frames are decoded from. */
export interface DicomFile {
  readonly metadata: DicomMetadata;
  /** The dicom-parser data set (pixel data stays in the original bytes). */
  readonly dataSet: DataSet;
}

const PREAMBLE_LENGTH = 128;
/** A deflated data set larger than this once inflated is refused (a "zip bomb" guard). */
const MAX_INFLATED_BYTES = 1 << 30;

/** True when the bytes carry the "DICM" prefix of a Part 10 file. */
export function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PREAMBLE_LENGTH + 4 &&
    String.fromCharCode(...bytes.subarray(PREAMBLE_LENGTH, PREAMBLE_LENGTH + 4)) === 'DICM'
  );
}

/** Inflates a Deflated Explicit VR Little Endian body in place of the deflated one. */
function inflate(bytes: Uint8Array, position: number): Uint8Array {
  const body = inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
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
