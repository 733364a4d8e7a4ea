import { DicomError } from './errors.js';
import type { DicomFile } from './parse.js';
import { findTransferSyntax } from './transfer-syntax.js';

/** A Palette Color lookup table reduced to 8 bits an entry (PS3.3 C.7.6.3.1.5). */
export interface Palette {
  /** The stored value the first entry maps. */
  readonly first: number;
  readonly red: Uint8Array;
  readonly green: Uint8Array;
  readonly blue: Uint8Array;
}

/** Descriptor and data tags of the red, green and blue tables. */
const CHANNELS = [
  ['x00281101', 'x00281201'],
  ['x00281102', 'x00281202'],
  ['x00281103', 'x00281203'],
] as const;

const unsupported = (why: string) =>
  new DicomError('unsupported-pixel-format', `PALETTE COLOR ${why} is not supported`);

function readChannel(file: DicomFile, descriptorTag: string, dataTag: string) {
  const { dataSet } = file;
  const stated = dataSet.uint16(descriptorTag, 0);
  const first = dataSet.uint16(descriptorTag, 1);
  const bits = dataSet.uint16(descriptorTag, 2);
  const data = dataSet.elements[dataTag];
  if (stated === undefined || first === undefined || bits === undefined || data === undefined) {
    throw unsupported('without Palette Color Lookup Table Data (e.g. a segmented palette)');
  }
  if (bits !== 8 && bits !== 16) throw unsupported(`with ${bits}-bit entries`);
  const entries = stated === 0 ? 65536 : stated;
  const table = new Uint8Array(entries);
  const { byteArray } = dataSet;
  if (bits === 8 && data.length === entries) {
    table.set(byteArray.subarray(data.dataOffset, data.dataOffset + entries));
    return { first, table };
  }
  if (data.length < entries * 2 || data.dataOffset + entries * 2 > byteArray.length) {
    throw new DicomError(
      'malformed',
      `malformed DICOM file: a palette of ${entries} entries in ${data.length} bytes`,
    );
  }
  const littleEndian = findTransferSyntax(file.metadata.transferSyntaxUid)?.littleEndian ?? true;
  const view = new DataView(byteArray.buffer, byteArray.byteOffset + data.dataOffset);
  for (let i = 0; i < entries; i++) {
    const word = view.getUint16(i * 2, littleEndian);
    table[i] = bits === 8 ? word & 0xff : word >> 8;
  }
  return { first, table };
}

/** The file's red, green and blue palettes; throws DicomError for what it cannot read. */
export function readPalette(file: DicomFile): Palette {
  const [red, green, blue] = CHANNELS.map(([descriptor, data]) =>
    readChannel(file, descriptor, data),
  );
  return { first: red!.first, red: red!.table, green: green!.table, blue: blue!.table };
}
