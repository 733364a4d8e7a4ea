/**
 * Uploads every DICOM Part 10 file of a folder (recursively; symbolic links are not followed)
 * to a medlabel server through the typed API client, a few at a time, reporting each file's
 * outcome as it is known.
 */
import { open, readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ApiError, type MedlabelClient } from '@medlabel/api-client';
import { uploadFile } from '../upload.js';

const PREAMBLE = 128;

/** What became of one file. */
export type FileOutcome =
  | { file: string; outcome: 'stored' | 'duplicate'; imageId: number }
  | { file: string; outcome: 'failed'; status: number; reason: string }
  | { file: string; outcome: 'not-dicom' };

export interface ImportSummary {
  files: number;
  stored: number;
  duplicates: number;
  failed: number;
  notDicom: number;
}

/** The regular files under `folder`, sorted, as paths relative to it. */
export async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(folder, path));
    }
  };
  await walk(folder);
  return out.sort();
}

/** Does the file start with a DICOM Part 10 preamble and "DICM"? */
async function isPart10(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(PREAMBLE + 4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.toString('latin1', PREAMBLE) === 'DICM';
  } finally {
    await handle.close();
  }
}

async function importFile(
  client: MedlabelClient,
  folder: string,
  file: string,
): Promise<FileOutcome> {
  const path = join(folder, file);
  if (!(await isPart10(path))) return { file, outcome: 'not-dicom' };
  try {
    const bytes = new Uint8Array(await readFile(path));
    const { id, duplicate } = await uploadFile(client, bytes, file, 'application/dicom');
    return { file, outcome: duplicate ? 'duplicate' : 'stored', imageId: id };
  } catch (error) {
    // An unreachable server, or one that refuses the token, is no outcome of this file: stop.
    if (!(error instanceof ApiError) || error.status === 401 || error.status === 403) throw error;
    const { status, title, detail } = error.problem;
    return { file, outcome: 'failed', status, reason: detail ?? title };
  }
}

/**
 * Imports the folder's DICOM files with `concurrency` uploads at once; `onFile` hears each
 * outcome (with the count done so far). A file the server refuses is a failed outcome; a server
 * that cannot be reached ends the import with its error.
 */
export async function importFolder(options: {
  client: MedlabelClient;
  folder: string;
  concurrency: number;
  onFile: (outcome: FileOutcome, done: number, total: number) => void;
}): Promise<{ outcomes: FileOutcome[]; summary: ImportSummary }> {
  const files = await filesUnder(options.folder);
  const outcomes: FileOutcome[] = new Array<FileOutcome>(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      outcomes[index] = await importFile(options.client, options.folder, files[index]!);
      options.onFile(outcomes[index], ++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  const count = (o: FileOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  return {
    outcomes,
    summary: {
      files: files.length,
      stored: count('stored'),
      duplicates: count('duplicate'),
      failed: count('failed'),
      notDicom: count('not-dicom'),
    },
  };
}
