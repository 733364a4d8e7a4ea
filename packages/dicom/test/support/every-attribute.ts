// A DICOM file holding every attribute of our copy of PS3.15 Table E.1-1, each with a valid
// value for its VR (sequences with one item that references an instance), so that a test can
// check the de-identified file row by row against the table.
import dcmjs from 'dcmjs';
import type { DcmjsDataset, DcmjsElement } from 'dcmjs';
import { TABLE_E1_1, type ProfileRow } from '../../src/deidentify-profile.js';

/** One table row as it was written: its concrete tag ("GGGGEEEE"), VR and original value. */
export interface WrittenRow {
  readonly row: ProfileRow;
  readonly tag: string;
  readonly vr: string;
  readonly element: DcmjsElement;
}

/** Where the table names a group of tags or the private attributes, the one we instantiate. */
const INSTANCE_OF_PATTERN: Record<string, { tag: string; vr: string }> = {
  '(50xx,xxxx)': { tag: '50003000', vr: 'OB' }, // Curve Data
  '(60xx,3000)': { tag: '60003000', vr: 'OW' }, // Overlay Data
  '(60xx,4000)': { tag: '60004000', vr: 'LT' }, // Overlay Comments
  '(gggg,eeee) where gggg is odd': { tag: '00091001', vr: 'LO' }, // a private attribute
};

const SC_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';

function vrOf(tag: string): string {
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`];
  if (!entry) throw new Error(`no VR known for ${tag}`);
  // "OB or OW", "US or SS": the first is valid.
  return entry.vr === 'ox' ? 'OB' : entry.vr.split(' ')[0]!;
}

/** An identifying-looking, valid value for a VR; `n` keeps UIDs distinct. */
function originalValue(vr: string, n: number): unknown[] {
  const bytes = () => [new Uint8Array(8).fill(0x41).buffer];
  switch (vr) {
    case 'AE':
      return ['HOSPITAL_PACS'];
    case 'AS':
      return ['042Y'];
    case 'CS':
      return ['ORIGINAL'];
    case 'DA':
      return ['20240131'];
    case 'DS':
      return ['12.5'];
    case 'DT':
      return ['20240131123456'];
    case 'IS':
      return ['7'];
    case 'PN':
      return [{ Alphabetic: 'Doe^Jane' }];
    case 'TM':
      return ['123456'];
    case 'UI':
      return [`1.2.826.0.1.3680043.10.999.${n}`];
    case 'UR':
      return ['http://hospital.example/record/42'];
    case 'FL':
    case 'FD':
      return [1.5];
    case 'SL':
    case 'SS':
    case 'UL':
    case 'US':
      return [7];
    case 'OB':
    case 'OW':
    case 'UN':
      return bytes();
    case 'SQ':
      return [
        {
          '00081150': { vr: 'UI', Value: [SC_IMAGE_STORAGE] },
          '00081155': { vr: 'UI', Value: [`1.2.826.0.1.3680043.10.998.${n}`] },
        },
      ];
    default: // LO, LT, SH, ST, UC, UT
      return ['Jane Doe, 12 Hospital Road'];
  }
}

/** A 2 x 2 8-bit image: what a file needs besides the table's attributes to be read as one. */
const IMAGE: DcmjsDataset = {
  '00080016': { vr: 'UI', Value: [SC_IMAGE_STORAGE] },
  '00080060': { vr: 'CS', Value: ['OT'] },
  '00280002': { vr: 'US', Value: [1] },
  '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
  '00280010': { vr: 'US', Value: [2] },
  '00280011': { vr: 'US', Value: [2] },
  '00280100': { vr: 'US', Value: [8] },
  '00280101': { vr: 'US', Value: [8] },
  '00280102': { vr: 'US', Value: [7] },
  '00280103': { vr: 'US', Value: [0] },
  '7FE00010': { vr: 'OB', Value: [new Uint8Array([0, 64, 128, 255]).buffer] },
};

/**
 * The file meta group of a file as a PACS writes it, with the elements that name the site
 * (issue #9 saw Source Application Entity Title survive).
 */
function metaGroup(): DcmjsDataset {
  return {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [SC_IMAGE_STORAGE] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.997'] },
    '00020013': { vr: 'SH', Value: ['SITE_PACS_7'] },
    '00020016': { vr: 'AE', Value: ['HOSPITAL_PACS'] },
    '00020017': { vr: 'AE', Value: ['HOSPITAL_SEND'] },
    '00020018': { vr: 'AE', Value: ['HOSPITAL_RECV'] },
    '00020100': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.996'] },
    '00020102': { vr: 'OB', Value: [new Uint8Array(8).fill(0x41).buffer] },
  };
}

/** Attributes outside this edition's table that issue #9 saw survive, as the file holds them. */
export const OBSERVED_OUTSIDE_TABLE: DcmjsDataset = {
  '00181020': { vr: 'LO', Value: ['SCANNER-OS 7.1.2 SITE BUILD'] }, // Software Versions
};

/**
 * Builds the file: every row of the table at its tag (Media Storage SOP Instance UID in the meta
 * group),
 * the observed extra attributes and a tiny image. Returns its bytes and what was written.
 */
export function fileWithEveryAttribute(): { bytes: Uint8Array; written: WrittenRow[] } {
  const meta = metaGroup();
  const dataset: DcmjsDataset = { ...IMAGE, ...OBSERVED_OUTSIDE_TABLE };
  const written: WrittenRow[] = [];
  TABLE_E1_1.forEach((row, n) => {
    const pattern = INSTANCE_OF_PATTERN[row.tag];
    const tag = pattern?.tag ?? row.tag.replace(/[(),]/g, '');
    const vr = pattern?.vr ?? vrOf(tag);
    const element: DcmjsElement = { vr, Value: originalValue(vr, n) };
    written.push({ row, tag, vr, element });
    (tag.startsWith('0002') ? meta : dataset)[tag] = element;
  });
  dataset['00090010'] = { vr: 'LO', Value: ['HOSPITAL PRIVATE'] }; // the private block's creator
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dataset;
  return { bytes: new Uint8Array(dict.write()), written };
}
