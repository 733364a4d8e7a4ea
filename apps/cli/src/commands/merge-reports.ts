/**
 * `medlabel merge-reports`: joins report.json files of runs made in parallel (different seeds,
 * strategies, or the full-supervision ceiling alone) into one report with a recomputed summary.
 * The runs must share dataset, model, classes, sizes, strategy parameters and calibration.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { summarize } from '@medlabel/loop';
import { OUTPUT_FILES, writeReport, type SavedReport } from '../report/write.js';
import { UsageError } from '../usage.js';

export const MERGE_HELP = `Usage: medlabel merge-reports --out DIR REPORT.json...

Merges report.json files of the same experiment run in several processes (e.g. one per seed,
strategy or the full-supervision ceiling) and writes the combined ${OUTPUT_FILES}.
`;

/** The fields that must agree for runs to belong to the same experiment. */
const SHARED = [
  'dataset',
  'model',
  'classNames',
  'sizes',
  'strategyParams',
  'calibration',
  'oracleErrorRate',
] as const;

export function mergeReports(reports: readonly SavedReport[]): SavedReport {
  const [first] = reports;
  if (!first) throw new UsageError('no reports to merge');
  for (const report of reports) {
    const differing = SHARED.filter((key) => !isDeepStrictEqual(report[key], first[key]));
    if (differing.length > 0) throw new UsageError(`reports differ in ${differing.join(', ')}`);
  }
  const runs = reports.flatMap((r) => r.runs);
  const fullSupervision = reports.flatMap((r) => r.fullSupervision);
  const runKeys = runs.map((r) => `${r.strategy} seed ${r.seed}`);
  const fullKeys = fullSupervision.map((f) => `full supervision seed ${f.seed}`);
  const duplicate = [...runKeys, ...fullKeys].find((key, i, all) => all.indexOf(key) !== i);
  if (duplicate) throw new UsageError(`${duplicate} appears twice`);
  return { ...first, runs, fullSupervision, summary: summarize(runs, fullSupervision) };
}

export async function mergeReportsCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return;
  }
  if (!values.out) throw new UsageError('--out is required');
  if (positionals.length === 0) throw new UsageError('name at least one report.json');
  const reports = await Promise.all(
    positionals.map(async (path) => JSON.parse(await readFile(path, 'utf8')) as SavedReport),
  );
  const text = await writeReport(mergeReports(reports), values.out);
  process.stdout.write(
    `${text}wrote ${join(values.out, 'report.json')} and the rest of ${OUTPUT_FILES}\n`,
  );
}
