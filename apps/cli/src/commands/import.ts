/**
 * `medlabel import <folder>`: uploads every DICOM file of a folder (recursively) to a medlabel
 * server, where each is de-identified and stored, with a progress bar, one line per file and
 * a summary.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createMedlabelClient } from '@medlabel/api-client';
import { importFolder, type FileOutcome, type ImportSummary } from '../import/import-folder.js';
import { progressBar } from '../progress.js';
import { isCount, numberOption, UsageError } from '../usage.js';

export const IMPORT_HELP = `Usage: medlabel import <folder> [options]

Uploads every DICOM Part 10 file under <folder> (subfolders too; files without the DICM
prefix are skipped) to a medlabel server, which de-identifies each before storing it. Prints
one line per file (stored, duplicate, failed with the server's reason, or not DICOM) and a
summary; exits 1 when a file failed.

  --server URL        the server (default $MEDLABEL_SERVER, else http://127.0.0.1:8080)
  --token TOKEN       a bearer API token of a researcher or admin (default $MEDLABEL_TOKEN;
                      make one on the server: POST /api/me/tokens)
  --concurrency N     uploads at once (default 2, at most 16)
`;

const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string', default: '2' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One line per file: what happened and where it went. */
export function outcomeLine(o: FileOutcome): string {
  switch (o.outcome) {
    case 'stored':
      return `stored     ${o.file} -> image ${o.imageId}`;
    case 'duplicate':
      return `duplicate  ${o.file} -> image ${o.imageId} (uploaded before)`;
    case 'failed':
      return `failed     ${o.file}: ${o.status} ${o.reason}`;
    case 'not-dicom':
      return `not DICOM  ${o.file} (skipped)`;
  }
}

export function summaryLine(s: ImportSummary): string {
  return (
    `${s.files} files: ${s.stored} stored, ${s.duplicates} duplicates, ${s.failed} failed, ` +
    `${s.notDicom} not DICOM`
  );
}

/** Runs the command; resolves to the exit code (1 when a file failed). */
export async function importCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('name one folder to import');
  const folder = positionals[0]!;
  if (!(await stat(folder).catch(() => undefined))?.isDirectory())
    throw new UsageError(`${folder} is not a folder`);
  const token = values.token ?? process.env.MEDLABEL_TOKEN;
  if (!token) throw new UsageError('--token (or $MEDLABEL_TOKEN) is needed');
  const baseUrl = (values.server ?? process.env.MEDLABEL_SERVER ?? 'http://127.0.0.1:8080').replace(
    /\/+$/,
    '',
  );
  const concurrency = numberOption(
    'concurrency',
    values.concurrency,
    (n) => isCount(n) && n >= 1 && n <= 16,
  )!;
  const bar = progressBar();
  const { summary } = await importFolder({
    client: createMedlabelClient({ baseUrl, token }),
    folder,
    concurrency,
    onFile: (outcome, done, total) => {
      bar.clear();
      process.stdout.write(`${outcomeLine(outcome)}\n`);
      bar.update(done / total, `${done}/${total} ${outcome.file}`);
    },
  });
  bar.clear();
  process.stdout.write(`${summaryLine(summary)}\n`);
  return summary.failed > 0 ? 1 : 0;
}
