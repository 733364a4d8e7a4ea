// Regenerates src/profile/ps3.15-table-e1-1.json, our machine-readable copy of DICOM PS3.15
// Table E.1-1, from the two published derivations of the standard's table named in
// src/profile/README.md (download them at the commits given there):
//
//   npm run profile:table -w @medlabel/dicom -- <dicomfields_2024b.py> <confidentiality_profile_attributes.json>
//
// The rows and their Basic Profile actions come from the first (the 2024b edition); the option
// columns (Retain Patient Characteristics and the others) from the second, an earlier edition
// that misses some rows: those rows get `options: null` (unknown), never a guess.
import fs from 'node:fs';

/** Basic Profile action codes, by the name of the list that holds them in dicomfields_2024b.py. */
const LIST_ACTIONS: Record<string, string> = {
  D: 'D',
  Z: 'Z',
  X: 'X',
  U: 'U',
  Z_D: 'Z/D',
  X_Z: 'X/Z',
  X_D: 'X/D',
  X_Z_D: 'X/Z/D',
  X_Z_U_STAR: 'X/Z/U*',
};

/** The option columns of Table E.1-1, from the second source's keys to ours. */
const OPTION_COLUMNS: Record<string, string> = {
  rtnSafePrivOpt: 'retainSafePrivate',
  rtnUIDsOpt: 'retainUids',
  rtnDevIdOpt: 'retainDeviceIdentity',
  rtnInstIdOpt: 'retainInstitutionIdentity',
  rtnPatCharsOpt: 'retainPatientCharacteristics',
  rtnLongFullDatesOpt: 'retainLongitudinalFullDates',
  rtnLongModifDatesOpt: 'retainLongitudinalModifiedDates',
  cleanDescOpt: 'cleanDescriptors',
  cleanStructContOpt: 'cleanStructuredContent',
  cleanGraphOpt: 'cleanGraphics',
};

interface Row {
  tag: string;
  name: string;
  basicProfile: string;
  options: Record<string, string> | null;
}

interface OptionsRow {
  name: string;
  tag: string;
  basicProfile: string;
  [column: string]: string;
}

const hex4 = (value: string) => value.slice(2).toUpperCase().padStart(4, '0');

/** "(GGGG,EEEE)", with "xx" where a group/element mask leaves digits free: "(60xx,3000)". */
function tagText(group: string, element: string, groupMask?: string, elementMask?: string): string {
  const masked = (value: string, mask: string | undefined) =>
    [...hex4(value)].map((digit, i) => (mask && hex4(mask)[i] === '0' ? 'x' : digit)).join('');
  return `(${masked(group, groupMask)},${masked(element, elementMask)})`;
}

/** The rows of dicomfields_2024b.py: one `(group, element[, masks]),  # Name` per attribute. */
function basicProfileRows(python: string): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const list of python.matchAll(/^([A-Z_]+)_TAGS = \[(.*?)^\]/gms)) {
    const action = LIST_ACTIONS[list[1]!];
    if (action === undefined) continue;
    const entry = /\(\s*(0x\w+),\s*(0x\w+)(?:,\s*(0x\w+),\s*(0x\w+))?,?\s*\),\s*#\s*(.+)/g;
    for (const [, group, element, groupMask, elementMask, name] of list[2]!.matchAll(entry)) {
      const tag = tagText(group!, element!, groupMask, elementMask);
      const clean = name!.replace(/\s*\(see Note \d+\)$/, '').trim();
      rows.set(tag.toUpperCase(), { tag, name: clean, basicProfile: action, options: null });
    }
  }
  return rows;
}

function optionsOf(row: OptionsRow): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [column, key] of Object.entries(OPTION_COLUMNS)) {
    if (row[column] !== undefined) options[key] = row[column];
  }
  return options;
}

const [pythonFile, optionsFile, output = 'src/profile/ps3.15-table-e1-1.json'] =
  process.argv.slice(2);
if (!pythonFile || !optionsFile) {
  console.error(
    'usage: build-profile-table <dicomfields_2024b.py> <confidentiality_profile_attributes.json>',
  );
  process.exit(2);
}
const rows = basicProfileRows(fs.readFileSync(pythonFile, 'utf8'));
const optionRows = JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as OptionsRow[];
for (const optionRow of optionRows) {
  const row = rows.get(optionRow.tag.toUpperCase());
  if (row) row.options = optionsOf(optionRow);
  // The first source lists tags only; the table's row for private attributes is not a tag.
  else if (optionRow.tag.startsWith('(GGGG,EEEE)')) {
    rows.set(optionRow.tag, {
      tag: '(gggg,eeee) where gggg is odd',
      name: optionRow.name,
      basicProfile: optionRow.basicProfile,
      options: optionsOf(optionRow),
    });
  } else
    console.warn(`not in the Basic Profile source, left out: ${optionRow.tag} ${optionRow.name}`);
}
const attributes = [...rows.values()].sort((a, b) => a.tag.localeCompare(b.tag));
const table = {
  title: 'DICOM PS3.15 Table E.1-1. Application Level Confidentiality Profile Attributes',
  edition: '2024b',
  copyright: 'DICOM PS3.15, Copyright NEMA. See README.md beside this file for the sources.',
  generatedBy: 'packages/dicom/scripts/build-profile-table.ts',
  attributes,
};
fs.writeFileSync(output, `${JSON.stringify(table, null, 2)}\n`);
console.log(`wrote ${attributes.length} attributes to ${output}`);
