// dcmjs in its "naturalized" form (keywords instead of tags): how the SR and SEG builders write
// data sets and how their readers read them back.
import { randomUUID } from 'node:crypto';
import dcmjs from 'dcmjs';
import { DicomError } from '../errors.js';

dcmjs.log.setLevel('error');

/** A naturalized data set: attributes by keyword; sequences are arrays of data sets. */
export type Naturalized = Record<string, unknown>;

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** medlabel's implementation class (a UUID-derived root, PS3.5 B.2) and version name. */
const IMPLEMENTATION_CLASS_UID = '2.25.275741864483510678566144889372061815320';
const IMPLEMENTATION_VERSION = 'MEDLABEL_1';

/** A new UID: "2.25." and a random UUID as a decimal integer (PS3.5 B.2). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString()}`;
}

/** A Part 10 file (Explicit VR Little Endian) of a naturalized data set. */
export function writePart10(dataset: Naturalized): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  };
  const dictionary = dcmjs.data.DicomMetaDictionary;
  const dict = new dcmjs.data.DicomDict(dictionary.denaturalizeDataset(meta));
  dict.dict = dictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** The naturalized data set of a Part 10 file; `headerOnly` stops before the Pixel Data. */
export function readNaturalized(bytes: Uint8Array, headerOnly = false): Naturalized {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  try {
    const dict = dcmjs.data.DicomMessage.readFile(
      buffer as ArrayBuffer,
      headerOnly ? { untilTag: '7FE00010', includeUntilTagValue: false } : {},
    );
    const data = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    return str(data.SpecificCharacterSet) === 'ISO_IR 192' ? withUtf8Items(data) : data;
  } catch (error) {
    throw new DicomError('malformed', `not a readable DICOM file: ${String(error)}`);
  }
}

/** A string dcmjs decoded as Latin-1 though its bytes are UTF-8 (a malformed result: as it was). */
function utf8(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/^[\u0000-\u00ff]*$/.test(text)) return text; // decoded right already
  const decoded = Buffer.from(text, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? text : decoded;
}

function recode(value: unknown): unknown {
  if (typeof value === 'string') return utf8(value);
  if (Array.isArray(value)) return value.map(recode);
  if (value && typeof value === 'object' && !(value instanceof ArrayBuffer))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recode(v)]));
  return value;
}

/**
 * dcmjs 0.51 decodes the top level by Specific Character Set but the items of sequences as
 * Latin-1: in a UTF-8 (ISO_IR 192) data set, the strings inside sequences are decoded again.
 */
function withUtf8Items(data: Naturalized): Naturalized {
  const out: Naturalized = {};
  for (const [keyword, value] of Object.entries(data))
    out[keyword] = Array.isArray(value) && value.some((v) => isItem(v)) ? recode(value) : value;
  return out;
}

const isItem = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !('Alphabetic' in value) &&
  !(value instanceof ArrayBuffer);

/** The items of a naturalized sequence (dcmjs gives one item either as is or in an array). */
export function items(value: unknown): Naturalized[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Naturalized[];
}

/** The first value of a naturalized attribute as a string ('' when absent). */
export function str(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return '';
  if (typeof first === 'object' && 'Alphabetic' in first) {
    const alphabetic: unknown = first.Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : '';
  }
  return typeof first === 'string' || typeof first === 'number' ? String(first) : '';
}

/** Today's DA and TM values. */
export function dicomDateTime(at: Date): { date: string; time: string } {
  const iso = at.toISOString();
  return {
    date: iso.slice(0, 10).replaceAll('-', ''),
    time: iso.slice(11, 19).replaceAll(':', ''),
  };
}
