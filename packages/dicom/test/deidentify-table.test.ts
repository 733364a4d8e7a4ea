// Every row of our copy of PS3.15 Table E.1-1, checked on a file that holds them all: the
// expectations come from each row's Basic Profile cell, not from a list of our own.
import dcmjs from 'dcmjs';
import type { DcmjsDataset, DcmjsElement } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { deidentify, patientPseudonym, replacementUid } from '../src/index.js';
import { TABLE_E1_1 } from '../src/deidentify-profile.js';
import {
  OBSERVED_OUTSIDE_TABLE,
  fileWithEveryAttribute,
  type WrittenRow,
} from './support/every-attribute.js';

const secret = 'table-secret';
const { bytes, written } = fileWithEveryAttribute();

function read(output: Uint8Array): { meta: DcmjsDataset; dict: DcmjsDataset } {
  const copy = output.buffer.slice(output.byteOffset, output.byteOffset + output.byteLength);
  return dcmjs.data.DicomMessage.readFile(copy as ArrayBuffer);
}

/** The pseudonym of Patient's Name and ID derives from the original Patient ID. */
const patientId = String(written.find((w) => w.tag === '00100020')?.element.Value?.[0]);
const plain = read(deidentify(bytes, { secret }).bytes);
const retained = read(deidentify(bytes, { secret, retainPatientCharacteristics: true }).bytes);

type Expectation = 'absent' | 'empty' | 'dummy' | 'uid' | 'references' | 'pseudonym' | 'kept';

/**
 * What PS3.15 asks of one row, with the choice rule of deidentify-profile.ts: where a cell
 * offers several actions, X, else Z, else D; X/Z/U* keeps the reference sequence with new
 * UIDs; a D sequence is removed; Patient's Name and ID become our pseudonym (a dummy).
 */
function expectationOf({ row, tag, vr }: WrittenRow): Expectation {
  if (tag === '00100010' || tag === '00100020') return 'pseudonym';
  const choices = row.basicProfile.split('/');
  if (choices.includes('U*')) return 'references';
  if (choices.includes('X')) return 'absent';
  if (choices.includes('Z')) return 'empty';
  if (choices.includes('D')) return vr === 'SQ' ? 'absent' : 'dummy';
  if (choices.includes('U')) return 'uid';
  throw new Error(`unexpected Basic Profile cell ${row.basicProfile}`);
}

/** The values as text: binary ones in hex (JSON prints an ArrayBuffer as {}), numbers as
 * strings (dcmjs reads DS and IS back as numbers). */
const textOf = (element: DcmjsElement | undefined) =>
  JSON.stringify(element?.Value ?? [], (_key, value: unknown) => {
    if (value instanceof ArrayBuffer) return Buffer.from(value).toString('hex');
    return typeof value === 'number' ? String(value) : value;
  });
/** dcmjs reads a zero-length text element as [""] and an empty sequence as []. */
const isEmpty = (element: DcmjsElement) => (element.Value ?? []).every((value) => value === '');
const firstUid = (element: DcmjsElement) => String(element.Value?.[0]);
const itemUid = (element: DcmjsElement | undefined) =>
  (element?.Value?.[0] as DcmjsDataset | undefined)?.['00081155']?.Value?.[0];

/** Checks one written row in a de-identified file; returns a message when it fails. */
function check(
  output: { meta: DcmjsDataset; dict: DcmjsDataset },
  written: WrittenRow,
  expectation: Expectation = expectationOf(written),
) {
  const { tag, element: original } = written;
  const element = (tag.startsWith('0002') ? output.meta : output.dict)[tag];
  const ok = (() => {
    switch (expectation) {
      case 'absent':
        return element === undefined;
      case 'empty':
        return element !== undefined && isEmpty(element);
      case 'dummy':
        return element !== undefined && !isEmpty(element) && textOf(element) !== textOf(original);
      case 'uid':
        return (
          element !== undefined && firstUid(element) === replacementUid(firstUid(original), secret)
        );
      case 'references':
        return itemUid(element) === replacementUid(String(itemUid(original)), secret);
      case 'pseudonym':
        return textOf(element).includes(patientPseudonym(patientId, secret));
      case 'kept':
        return textOf(element) === textOf(original);
    }
  })();
  return ok
    ? undefined
    : `${written.row.tag} ${written.row.name} (${expectation}): ${textOf(element)}`;
}

describe('deidentify against PS3.15 Table E.1-1', () => {
  it('writes every attribute of the table into the test file', () => {
    expect(written.length).toBe(TABLE_E1_1.length);
    expect(TABLE_E1_1.length).toBeGreaterThan(600);
  });

  it('honours the Basic Profile action of every row', () => {
    const failures = written.map((row) => check(plain, row)).filter(Boolean);
    expect(failures).toEqual([]);
  });

  it('removes the attributes issue #9 saw survive, in the table or not', () => {
    const observed = [
      '00380020', // Admitting Date
      '00380021', // Admitting Time
      '00400001', // Scheduled Station AE Title
      '00400002', // Scheduled Procedure Step Start Date
      '00400007', // Scheduled Procedure Step Description
      '00400009', // Scheduled Procedure Step ID
      '00400010', // Scheduled Station Name
      '00400011', // Scheduled Procedure Step Location
      '00400012', // Pre-Medication
      '00401103', // Person's Telephone Numbers
      '00402001', // Reason for the Imaging Service Request
      '0018A003', // Contribution Description
      '00080015', // Instance Coercion DateTime
      '00321000', // Scheduled Study Start Date
      '00321050', // Study Completion Date
      ...Object.keys(OBSERVED_OUTSIDE_TABLE), // Software Versions
    ];
    for (const tag of observed) expect(plain.dict[tag], tag).toBeUndefined();
    // D in the table: a dummy replaces the value.
    for (const tag of ['00189074', '0040A121']) {
      const before = written.find((row) => row.tag === tag)!.element;
      expect(textOf(plain.dict[tag])).not.toBe(textOf(before));
    }
  });

  it('keeps of the file meta group only what reading the file needs', () => {
    expect(Object.keys(plain.meta).sort()).toEqual([
      '00020001',
      '00020002',
      '00020003',
      '00020010',
      '00020012',
    ]);
  });

  it('keeps what the Retain Patient Characteristics column marks K, and nothing else more', () => {
    const kept = written.filter((w) => w.row.options?.retainPatientCharacteristics === 'K');
    expect(kept.map((w) => w.row.name)).toEqual(
      expect.arrayContaining([
        "Patient's Sex",
        "Patient's Age",
        "Patient's Weight",
        'Smoking Status',
      ]),
    );
    const failures = written
      .map((row) => check(retained, row, kept.includes(row) ? 'kept' : undefined))
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  it('records the profile and the option in the file', () => {
    const codes = (output: { dict: DcmjsDataset }) =>
      (output.dict['00120064']?.Value as DcmjsDataset[]).map(
        (item) => item['00080100']?.Value?.[0],
      );
    expect(codes(plain)).toEqual(['113100']);
    expect(codes(retained)).toEqual(['113100', '113108']);
    expect(plain.dict['00120062']?.Value).toEqual(['YES']);
    expect(textOf(plain.dict['00120063'])).toContain('PS3.15 2024b Basic Application');
    expect(textOf(retained.dict['00120063'])).toContain('Retain Patient Characteristics Option');
  });
});
