/**
 * `medlabel merge-reports`: joins report.json files of runs made in parallel (different seeds,
 * strategies, or the full-supervision ceiling alone) into one report with a recomputed summary.
 * The runs must share dataset, model, classes, sizes and calibration, and the strategy
 * parameters their strategies read (a threshold run and an adaptive run may have had different
 * --target-error, which only the adaptive one used).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { STRATEGY_PARAMETERS, summarize, type StrategyParams } from '@medlabel/loop';
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
  'calibration',
  'oracleErrorRate',
] as const;

/**
 * The strategy parameters of the merged report: each one from the reports whose runs read it,
 * which must agree; parameters no run reads are the first report's.
 */
function mergeStrategyParams(reports: readonly SavedReport[]): StrategyParams {
  const merged: Record<keyof StrategyParams, number> = { ...reports[0]!.strategyParams };
  const decided = new Set<keyof StrategyParams>();
  for (const report of reports) {
    const read = new Set(report.runs.flatMap((run) => STRATEGY_PARAMETERS[run.strategy]));
    for (const key of read) {
      const value = report.strategyParams[key];
      if (decided.has(key) && merged[key] !== value)
        throw new UsageError(`reports differ in strategyParams.${key}, which their runs use`);
      merged[key] = value;
      decided.add(key);
    }
  }
  return merged;
}

/** Refuses reports of different experiments (data, model, split sizes, calibration, oracle). */
export function assertSameExperiment(reports: readonly SavedReport[]): SavedReport {
  const [first] = reports;
  if (!first) throw new UsageError('no reports given');
  for (const report of reports) {
    const differing = SHARED.filter((key) => !isDeepStrictEqual(report[key], first[key]));
    if (differing.length > 0) throw new UsageError(`reports differ in ${differing.join(', ')}`);
  }
  return first;
}

export function mergeReports(reports: readonly SavedReport[]): SavedReport {
  const first = assertSameExperiment(reports);
  const runs = reports.flatMap((r) => r.runs);
  const fullSupervision = reports.flatMap((r) => r.fullSupervision);
  const runKeys = runs.map((r) => `${r.strategy} seed ${r.seed}`);
  const fullKeys = fullSupervision.map((f) => `full supervision seed ${f.seed}`);
  const duplicate = [...runKeys, ...fullKeys].find((key, i, all) => all.indexOf(key) !== i);
  if (duplicate) {
    const rates = new Set(
      reports
        .filter((r) => r.runs.some((run) => run.strategy === 'random'))
        .map((r) => r.strategyParams.randomRate),
    );
    throw new UsageError(
      duplicate.startsWith('random ') && rates.size > 1
        ? `${duplicate} appears twice, at random rates ${[...rates].join(' and ')}: a report holds one rate per strategy; \`medlabel compare\` pools random's curves over reports at several rates`
        : `${duplicate} appears twice: merge reports of different seeds, strategies or the ceiling`,
    );
  }
  return {
    ...first,
    strategyParams: mergeStrategyParams(reports),
    runs,
    fullSupervision,
    summary: summarize(runs, fullSupervision),
  };
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
