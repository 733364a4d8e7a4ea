/**
 * `medlabel compare`: the human labels random sampling needs for each loop strategy's final
 * accuracy, on random's learning curve pooled from several reports. One report's random curve
 * (25% of each batch) ends at few labels; runs at other rates fill the gap before the
 * full-supervision ceiling, so the answer rests on measured points, not on a long interpolation.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  STRATEGY_PARAMETERS,
  labelsRandomNeeds,
  randomBaselineCurve,
  type StrategyName,
} from '@medlabel/loop';
import { seedOutcomeLine, seedOutcomes, seedOutcomesCsv } from '../report/seed-outcomes.js';
import type { SavedReport } from '../report/write.js';
import { UsageError } from '../usage.js';
import { assertSameExperiment } from './merge-reports.js';

export const COMPARE_HELP = `Usage: medlabel compare [--baseline REPORT.json]... [--per-seed] [--csv FILE] REPORT.json...

For every strategy other than random in the reports: its final test accuracy and human labels, and
the human labels random sampling needs for the same accuracy. Random's learning curve is pooled
over all the reports (their random runs, whatever their rate, and their full-supervision
ceilings; points at the same number of labels averaged) and interpolated linearly between
measured points. The reports must come from the same data, model and split sizes.

  --baseline REPORT.json  a report whose random runs and ceilings join the pooled curve but whose
                          other strategies are not compared (repeatable)
  --per-seed              also a line per seed: auto-accepted labels wrong against the target,
                          batches certified, human labels, final accuracy, random's labels for it
  --csv FILE              write those per-seed rows as CSV
`;

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

interface Entry {
  readonly s: { readonly strategy: StrategyName };
  readonly report: SavedReport;
  readonly index: number;
}

/**
 * A strategy's name, with the parameters it reads when several reports run it ("adaptive
 * (targetError 0.01)"), and the report's position when even those are the same.
 */
function entryName(
  strategy: StrategyName,
  report: SavedReport,
  index: number,
  entries: readonly Entry[],
): string {
  const same = entries.filter((e) => e.s.strategy === strategy);
  if (same.length === 1) return strategy;
  const params = (r: SavedReport) =>
    STRATEGY_PARAMETERS[strategy].map((key) => `${key} ${r.strategyParams[key]}`).join(', ');
  const label = params(report);
  const clash = same.filter((e) => params(e.report) === label).length > 1;
  return `${strategy} (${label}${clash ? `; report ${index + 1}` : ''})`;
}

export interface CompareOptions {
  /** Reports that only add to random's pooled curve. */
  readonly baselines?: readonly SavedReport[];
  readonly perSeed?: boolean;
}

export function compareReports(
  reports: readonly SavedReport[],
  { baselines = [], perSeed = false }: CompareOptions = {},
): string {
  assertSameExperiment([...reports, ...baselines]);
  const baseline = randomBaselineCurve([...reports, ...baselines].map((r) => r.summary));
  if (baseline.length === 0) throw new UsageError('no report has random runs or a ceiling');
  const lines = [
    `random baseline (human labels: test accuracy): ${baseline.map((p) => `${p.x.toFixed(0)}: ${pct(p.y)}`).join(', ')}`,
  ];
  const entries = reports.flatMap((report, index) =>
    report.summary.strategies
      .filter((s) => s.strategy !== 'random')
      .map((s) => ({ s, report, index })),
  );
  for (const { s, report, index } of entries) {
    const { randomLabels, ratio } = labelsRandomNeeds(s, baseline);
    lines.push(
      `${entryName(s.strategy, report, index, entries)}: ${pct(s.finalTestAccuracy.mean)} with ${s.finalHumanLabels.mean.toFixed(0)} human labels; random needs ` +
        (randomLabels === null
          ? `more than its curve has (${baseline.at(-1)!.x.toFixed(0)} labels)`
          : `${randomLabels.toFixed(0)} (${ratio!.toFixed(2)}x)`),
    );
    if (perSeed)
      lines.push(
        ...seedOutcomes([report], baseline)
          .filter((o) => o.strategy === s.strategy)
          .map(seedOutcomeLine),
      );
  }
  return lines.join('\n') + '\n';
}

const readReport = async (path: string): Promise<SavedReport> =>
  JSON.parse(await readFile(path, 'utf8')) as SavedReport;

export async function compareCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      baseline: { type: 'string', multiple: true, default: [] },
      'per-seed': { type: 'boolean' },
      csv: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(COMPARE_HELP);
    return;
  }
  if (positionals.length === 0) throw new UsageError('name at least one report.json');
  const reports = await Promise.all(positionals.map(readReport));
  const baselines = await Promise.all(values.baseline.map(readReport));
  process.stdout.write(compareReports(reports, { baselines, perSeed: values['per-seed'] }));
  if (values.csv) {
    const curve = randomBaselineCurve([...reports, ...baselines].map((r) => r.summary));
    await writeFile(values.csv, seedOutcomesCsv(seedOutcomes(reports, curve)));
  }
}
