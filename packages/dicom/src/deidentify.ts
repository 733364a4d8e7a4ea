import dcmjs from 'dcmjs';
import type { DcmjsDataset, DcmjsElement, DicomDict } from 'dcmjs';
import {
  KEPT_META,
  LOCAL_REMOVALS,
  NON_INSTANCE_UIDS,
  TABLE_EDITION,
  resolveBasicAction,
  tableRow,
} from './deidentify-profile.js';
import { dummyValue } from './dummy-values.js';
import { DicomError, describeThrown } from './errors.js';
import { checkImageLimits } from './limits.js';
import type { DicomMetadata } from './metadata.js';
import { TAG } from './metadata.js';
import { parseDicom, type DicomFile } from './parse.js';
import { patientPseudonym, replacementUid } from './uid.js';

dcmjs.log.setLevel('error');
// dcmjs reports each unusual VR on this logger while it reads old files; nothing to act on.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

export interface DeidentifyOptions {
  /** Keys the UID and patient pseudonyms: the same secret maps the same study to the same UIDs. */
  readonly secret: string;
  /**
   * The Retain Patient Characteristics Option (PS3.15 E.3.6): keeps the attributes whose
   * option column in Table E.1-1 says K (sex, age, size, weight, ethnic group, smoking and
   * pregnancy status, ...). Its C rows (allergies, special needs, ...) would need free text
   * cleaned, which is not done: they get the Basic Profile action.
   */
  readonly retainPatientCharacteristics?: boolean;
}

export type DeidentifyAction =
  'removed' | 'emptied' | 'dummy-value' | 'uid-replaced' | 'pseudonymised' | 'added';

/** One change, without the original value (which may identify the patient). */
export interface DeidentifyChange {
  /** "(0010,0010)", or a path into sequences: "(0008,1140)[0].(0008,1155)". */
  readonly path: string;
  /** DICOM keyword, when the tag is in the standard dictionary. */
  readonly keyword: string | undefined;
  readonly action: DeidentifyAction;
}

export interface DeidentifyResult {
  /** The de-identified Part 10 file. */
  readonly bytes: Uint8Array;
  readonly file: DicomFile;
  readonly metadata: DicomMetadata;
  readonly changes: readonly DeidentifyChange[];
  /**
   * Burned In Annotation (0028,0301) of the input: 'YES' means text in the pixels may identify
   * the patient, which this package does not detect or remove.
   */
  readonly burnedInAnnotation: 'YES' | 'NO' | undefined;
}

const PATIENT_NAME = '00100010';
const PATIENT_ID = '00100020';

function keywordOf(tag: string): string | undefined {
  const key = `(${tag.slice(0, 4)},${tag.slice(4)})`;
  return dcmjs.data.DicomMetaDictionary.dictionary[key]?.name;
}

function formatTag(tag: string): string {
  return `(${tag.slice(0, 4)},${tag.slice(4)})`;
}

function newUid(uid: unknown, secret: string): string {
  return replacementUid(String(uid).replace(/\0+$/, '').trim(), secret);
}

type Action = 'remove' | 'empty' | 'dummy' | 'replace-uid' | 'pseudonym' | 'keep';

const TABLE_ACTIONS = {
  X: 'remove',
  Z: 'empty',
  D: 'dummy',
  U: 'replace-uid',
  'U*': 'keep',
} as const;

/** The action for one element: Table E.1-1 first, then our additions and generic rules. */
function actionFor(tag: string, element: DcmjsElement, options: DeidentifyOptions): Action {
  if (tag.slice(4) === '0000') return 'remove'; // group lengths would be stale
  if (tag === PATIENT_NAME || tag === PATIENT_ID) return 'pseudonym';
  const row = tableRow(tag);
  if (row) {
    const retain = row.options?.retainPatientCharacteristics === 'K';
    if (retain && options.retainPatientCharacteristics === true) return 'keep';
    const action = TABLE_ACTIONS[resolveBasicAction(row.basicProfile)];
    // A dummy sequence would need items valid for its macro, which the table cannot give.
    return action === 'dummy' && element.vr === 'SQ' ? 'remove' : action;
  }
  if (LOCAL_REMOVALS.has(tag)) return 'remove';
  if (element.vr === 'PN') return 'empty';
  if (element.vr === 'UI' && !NON_INSTANCE_UIDS.has(tag)) return 'replace-uid';
  return 'keep';
}

class Deidentifier {
  readonly changes: DeidentifyChange[] = [];

  constructor(
    private readonly options: DeidentifyOptions,
    private readonly pseudonym: string,
  ) {}

  /** Applies the profile to a data set and, recursively, to every sequence item in it. */
  dataset(dataset: DcmjsDataset, prefix: string): void {
    for (const [tag, element] of Object.entries(dataset)) {
      const path = `${prefix}${formatTag(tag)}`;
      const action = actionFor(tag, element, this.options);
      switch (action) {
        case 'remove':
          delete dataset[tag];
          this.record(path, tag, 'removed');
          break;
        case 'empty':
          if ((element.Value ?? []).length > 0) {
            element.Value = [];
            this.record(path, tag, 'emptied');
          }
          break;
        case 'dummy': {
          const dummy = dummyValue(element, this.options.secret);
          if (dummy === undefined) {
            delete dataset[tag];
            this.record(path, tag, 'removed');
          } else {
            element.Value = dummy;
            this.record(path, tag, 'dummy-value');
          }
          break;
        }
        case 'pseudonym':
          element.Value = [element.vr === 'PN' ? { Alphabetic: this.pseudonym } : this.pseudonym];
          this.record(path, tag, 'pseudonymised');
          break;
        case 'replace-uid':
          if ((element.Value ?? []).length > 0) {
            element.Value = (element.Value ?? []).map((uid) => newUid(uid, this.options.secret));
            this.record(path, tag, 'uid-replaced');
          }
          break;
        case 'keep':
          if (element.vr === 'SQ') {
            (element.Value ?? []).forEach((item, index) => {
              this.dataset(item as DcmjsDataset, `${path}[${index}].`);
            });
          }
          break;
      }
    }
  }

  record(path: string, tag: string, action: DeidentifyAction): void {
    this.changes.push({ path, keyword: keywordOf(tag), action });
  }
}

/**
 * Where the last element dicom-parser read ends; lengths include sequence delimiters. Zero
 * padding reads as empty (0000,0000) elements, which are command-group and never real content.
 */
function endOfDataSet(source: DicomFile): number {
  let end = 0;
  for (const element of Object.values(source.dataSet.elements)) {
    if (!element.tag.startsWith('x0000')) end = Math.max(end, element.dataOffset + element.length);
  }
  return end;
}

/**
 * Bytes that dcmjs can read: without zero padding after the last element (which dcmjs reads as
 * elements past the end) and, for a deflated file, the body dicom-parser inflated, labelled
 * Explicit VR Little Endian (dcmjs cannot inflate).
 */
function readableByDcmjs(source: DicomFile): Uint8Array {
  const end = endOfDataSet(source);
  const whole = source.dataSet.byteArray;
  const bytes = whole.subarray(end).every((byte) => byte === 0) ? whole.subarray(0, end) : whole;
  if (source.metadata.transferSyntaxUid !== '1.2.840.10008.1.2.1.99') return bytes;
  const element = source.dataSet.elements[TAG.transferSyntaxUid]!;
  const patched = Uint8Array.from(bytes);
  // "1.2.840.10008.1.2.1" padded with NULs to the old value's length keeps every offset.
  const uid = new TextEncoder().encode('1.2.840.10008.1.2.1');
  patched.fill(0, element.dataOffset, element.dataOffset + element.length);
  patched.set(uid, element.dataOffset);
  return patched;
}

function readWithDcmjs(bytes: Uint8Array): DicomDict {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  try {
    return dcmjs.data.DicomMessage.readFile(buffer as ArrayBuffer);
  } catch (thrown) {
    throw new DicomError(
      'unsupported-data-set',
      `cannot rewrite this DICOM file: ${describeThrown(thrown)}`,
      { cause: thrown },
    );
  }
}

function addDeidentificationAttributes(dict: DcmjsDataset, options: DeidentifyOptions): void {
  const code = (value: string, meaning: string): DcmjsDataset => ({
    '00080100': { vr: 'SH', Value: [value] },
    '00080102': { vr: 'SH', Value: ['DCM'] },
    '00080104': { vr: 'LO', Value: [meaning] },
  });
  const codes = [code('113100', 'Basic Application Confidentiality Profile')];
  if (options.retainPatientCharacteristics === true) {
    codes.push(code('113108', 'Retain Patient Characteristics Option'));
  }
  const methods = [`PS3.15 ${TABLE_EDITION} Basic Application Confidentiality Profile`];
  if (options.retainPatientCharacteristics === true) {
    methods.push('Retain Patient Characteristics Option');
  }
  dict['00120062'] = { vr: 'CS', Value: ['YES'] };
  dict['00120063'] = { vr: 'LO', Value: methods };
  dict['00120064'] = { vr: 'SQ', Value: codes };
}

/** Value representations whose values dcmjs holds as bytes. */
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

/**
 * Does the element, or one in its sequence items, hold values dcmjs could not have read from a
 * file of `fileBytes` bytes: binary values that are not bytes, or more bytes than the file has?
 */
function unreadable(element: DcmjsElement, fileBytes: number): boolean {
  const values = element.Value ?? [];
  if (element.vr === 'SQ')
    return values.some((item) =>
      Object.values(item as DcmjsDataset).some((inner) => unreadable(inner, fileBytes)),
    );
  return (
    BINARY_VRS.has(element.vr) &&
    !values.every(
      (value) =>
        (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) &&
        value.byteLength <= fileBytes,
    )
  );
}

/**
 * Removes the top-level elements that hold values dcmjs could not have read (unreadable). A
 * sequence written with VR UN keeps its items in implicit VR (PS3.5 6.2.2), which dcmjs reads
 * as explicit: a value length comes from the bytes of a value, and in pydicom's rtdose_rle.dcm
 * a 6.8 kB file held a 775 MB "element" that dcmjs's writer copied for over 60 s. What such
 * items held cannot be checked for identifying content either, so the whole element goes. One
 * pass over the tree; afterwards no value is larger than the file, so neither is the output
 * (but for the attributes de-identification adds).
 */
function removeUnreadable(dict: DcmjsDataset, fileBytes: number, deidentifier: Deidentifier) {
  for (const [tag, element] of Object.entries(dict)) {
    if (!unreadable(element, fileBytes)) continue;
    delete dict[tag];
    deidentifier.record(formatTag(tag), tag, 'removed');
  }
}

/** Keeps of the file meta group only what reading the file needs (KEPT_META), with a new UID. */
function cleanFileMeta(meta: DcmjsDataset, deidentifier: Deidentifier, secret: string): void {
  for (const tag of Object.keys(meta)) {
    if (KEPT_META.has(tag)) continue;
    delete meta[tag];
    // The group length is rewritten by dcmjs: not a change worth listing.
    if (tag !== '00020000') deidentifier.record(formatTag(tag), tag, 'removed');
  }
  const mediaUid = meta['00020003'];
  if (mediaUid?.Value !== undefined) {
    mediaUid.Value = mediaUid.Value.map((uid) => newUid(uid, secret));
    deidentifier.record(formatTag('00020003'), '00020003', 'uid-replaced');
  }
}

/**
 * De-identifies a Part 10 file with the PS3.15 Basic Application Level Confidentiality Profile
 * as Table E.1-1 gives it (see deidentify-profile.ts and README.md), and returns the new file with the list of
 * changes. Pixel data is copied unchanged. Throws DicomError for files it cannot read and for
 * images over DICOM_LIMITS or whose Pixel Data cannot hold the frames they declare.
 */
export function deidentify(bytes: Uint8Array, options: DeidentifyOptions): DeidentifyResult {
  if (options.secret.length === 0) throw new Error('deidentify needs a non-empty secret');
  const source = parseDicom(bytes);
  // Nothing over the limits is rewritten (or stored by a caller): see DICOM_LIMITS.
  checkImageLimits(source);
  const burned = source.dataSet.string('x00280301')?.trim().toUpperCase();
  const readable = readableByDcmjs(source);
  const dicomDict = readWithDcmjs(readable);
  const patient = source.metadata.patientId ?? source.metadata.patientName ?? '';
  const deidentifier = new Deidentifier(options, patientPseudonym(patient, options.secret));
  removeUnreadable(dicomDict.dict, readable.length, deidentifier);
  deidentifier.dataset(dicomDict.dict, '');
  cleanFileMeta(dicomDict.meta, deidentifier, options.secret);
  addDeidentificationAttributes(dicomDict.dict, options);
  for (const tag of ['00120062', '00120063', '00120064']) {
    deidentifier.record(formatTag(tag), tag, 'added');
  }
  // Old files carry values longer than their VR allows (e.g. "1995.06.26" dates): keep them.
  const output = new Uint8Array(dicomDict.write({ allowInvalidVRLength: true }));
  const file = parseDicom(output);
  return {
    bytes: output,
    file,
    metadata: file.metadata,
    changes: deidentifier.changes,
    burnedInAnnotation: burned === 'YES' || burned === 'NO' ? burned : undefined,
  };
}
