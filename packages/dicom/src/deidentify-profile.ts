/**
 * The attribute actions of the PS3.15 Annex E Basic Application Level Confidentiality Profile,
 * read from our copy of Table E.1-1 (profile/ps3.15-table-e1-1.json, see profile/README.md),
 * and the few rules deidentify.ts adds around it.
 */
import table from './profile/ps3.15-table-e1-1.json' with { type: 'json' };

/** One row of Table E.1-1. `options` is null where our source for the option columns lacks the row. */
export interface ProfileRow {
  /** "(0010,0040)"; "(60xx,3000)" for a group of tags; "(gggg,eeee) where gggg is odd". */
  readonly tag: string;
  readonly name: string;
  /** The Basic Profile column: "X", "Z", "D", "U", or a choice such as "X/Z/D". */
  readonly basicProfile: string;
  readonly options: Readonly<Record<string, string | undefined>> | null;
}

export const TABLE_E1_1: readonly ProfileRow[] = table.attributes;
export const TABLE_EDITION: string = table.edition;

/**
 * What we do for one row. `X` removes, `Z` empties (zero length), `D` replaces the value with a
 * dummy of its VR, `U` replaces UIDs with consistent pseudonymous ones, `U*` keeps a reference
 * sequence and de-identifies its items (their instance UIDs are replaced, consistently).
 */
export type BasicAction = 'X' | 'Z' | 'D' | 'U' | 'U*';

/**
 * Where the table offers a choice, the strictest action that keeps the IOD valid, without the
 * IOD at hand: X where it is offered (the attributes with X among their choices are Type 3 in
 * the image IODs medlabel stores), else Z (empty is stricter than a dummy), else D. The one
 * exception is X/Z/U* (Referenced Image and Source Image Sequence): they are Type 1C in the
 * IODs of derived images, and hold nothing identifying but UIDs, so they are kept with U*.
 */
export function resolveBasicAction(cell: string): BasicAction {
  const choices = cell.split('/');
  if (choices.includes('U*')) return 'U*';
  if (choices.includes('X')) return 'X';
  if (choices.includes('Z')) return 'Z';
  if (choices.includes('D')) return 'D';
  if (choices.includes('U')) return 'U';
  throw new Error(`Table E.1-1 action not understood: ${cell}`);
}

/** A row's tag as a value and a mask over "GGGGEEEE" (0 bits where the table writes x). */
function tagPattern(tag: string): { value: number; mask: number } | 'private' {
  if (tag.startsWith('(gggg')) return 'private';
  const digits = tag.replace(/[(),]/g, '');
  const value = parseInt(digits.replace(/x/g, '0'), 16);
  const mask = parseInt(digits.replace(/[0-9A-F]/g, 'F').replace(/x/g, '0'), 16);
  return { value, mask };
}

const EXACT = new Map<string, ProfileRow>();
const MASKED: { value: number; mask: number; row: ProfileRow }[] = [];
let PRIVATE_ROW: ProfileRow | undefined;
for (const row of TABLE_E1_1) {
  const pattern = tagPattern(row.tag);
  if (pattern === 'private') PRIVATE_ROW = row;
  else if (pattern.mask === 0xffffffff) EXACT.set(row.tag.replace(/[(),]/g, ''), row);
  else MASKED.push({ ...pattern, row });
}

/** The row of Table E.1-1 for a tag in dcmjs form ("GGGGEEEE", upper-case hex), if any. */
export function tableRow(tag: string): ProfileRow | undefined {
  const exact = EXACT.get(tag);
  if (exact) return exact;
  const number = parseInt(tag, 16);
  if (parseInt(tag.slice(0, 4), 16) % 2 === 1) return PRIVATE_ROW;
  // `>>> 0` keeps the bitwise AND unsigned for groups from 0x8000 up.
  return MASKED.find(({ value, mask }) => (number & mask) >>> 0 === value)?.row;
}

/**
 * Attributes medlabel removes although this edition's table does not list them: they were seen
 * surviving in stored files (issue #9). Software versions, with the model, narrow a file down to
 * one site's scanner.
 */
export const LOCAL_REMOVALS: ReadonlyMap<string, string> = new Map([
  ['00181020', 'Software Versions'],
]);

/**
 * What is kept of the file meta group (PS3.10 7.1): the elements needed to read the file. The
 * rest (Source, Sending and Receiving Application Entity Titles and presentation addresses,
 * Implementation Version Name, Private Information) names systems of the site; the Media
 * Storage SOP Instance UID is replaced like the SOP Instance UID.
 */
export const KEPT_META: ReadonlySet<string> = new Set([
  '00020001', // File Meta Information Version
  '00020002', // Media Storage SOP Class UID
  '00020003', // Media Storage SOP Instance UID (replaced)
  '00020010', // Transfer Syntax UID
  '00020012', // Implementation Class UID
]);

/** UIDs that name classes, syntaxes and coding schemes, not instances: kept as they are. */
export const NON_INSTANCE_UIDS: ReadonlySet<string> = new Set([
  '00020002', // Media Storage SOP Class UID
  '00020010', // Transfer Syntax UID
  '00020012', // Implementation Class UID
  '00041510', // Referenced SOP Class UID in File
  '00041512', // Referenced Transfer Syntax UID in File
  '00080016', // SOP Class UID
  '0008001A', // Related General SOP Class UID
  '0008001B', // Original Specialized SOP Class UID
  '0008010C', // Coding Scheme UID
  '0008010D', // Context Group Extension Creator UID
  '00080117', // Context UID
  '00080118', // Mapping Resource UID
  '00081150', // Referenced SOP Class UID
]);
