/**
 * `medlabel compare`: the human labels random sampling needs for each loop strategy's final
 * accuracy, on random's learning curve pooled from several reports. One report's random curve
 * (25% of each batch) ends at few labels; runs at other rates fill the gap before the
 * full-supervision ceiling, so the answer rests on measured points, not on a long interpolation.
 */
import { readFile } from 'node:fs/promises';
import {
  STRATEGY_PARAMETERS,
  labelsRandomNeeds,
  randomBaselineCurve,
  type StrategyName,
} from '@medlabel/loop';
import type { SavedReport } from '../report/write.js';
import { UsageError } from '../usage.js';
import { assertSameExperiment } from './merge-reports.js';

export const COMPARE_HELP = `Usage: medlabel compare REPORT.json...

For every strategy other than random in the reports: its final test accuracy and human labels, and
the human labels random sampling needs for the same accuracy. Random's learning curve is pooled
over all the reports (their random runs, whatever their rate, and their full-supervision
ceilings; points at the same number of labels averaged) and interpolated linearly between
measured points. The reports must come from the same data, model and split sizes.
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

export function compareReports(reports: readonly SavedReport[]): string {
  assertSameExperiment(reports);
  const baseline = randomBaselineCurve(reports.map((r) => r.summary));
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
  }
  return lines.join('\n') + '\n';
}

export async function compareCommand(argv: readonly string[]): Promise<void> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(COMPARE_HELP);
    return;
  }
  if (argv.length === 0) throw new UsageError('name at least one report.json');
  const reports = await Promise.all(
    argv.map(async (path) => JSON.parse(await readFile(path, 'utf8')) as SavedReport),
  );
  process.stdout.write(compareReports(reports));
}
