/**
 * `medlabel compare`: the human labels random sampling needs for each loop strategy's final
 * accuracy, on random's learning curve pooled from several reports. One report's random curve
 * (25% of each batch) ends at few labels; runs at other rates fill the gap before the
 * full-supervision ceiling, so the answer rests on measured points, not on a long interpolation.
 */
import { readFile } from 'node:fs/promises';
import { labelsRandomNeeds, randomBaselineCurve } from '@medlabel/loop';
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

export function compareReports(reports: readonly SavedReport[]): string {
  assertSameExperiment(reports);
  const summaries = reports.map((r) => r.summary);
  const baseline = randomBaselineCurve(summaries);
  if (baseline.length === 0) throw new UsageError('no report has random runs or a ceiling');
  const lines = [
    `random baseline (human labels: test accuracy): ${baseline.map((p) => `${p.x.toFixed(0)}: ${pct(p.y)}`).join(', ')}`,
  ];
  for (const summary of summaries) {
    for (const s of summary.strategies.filter((x) => x.strategy !== 'random')) {
      const { randomLabels, ratio } = labelsRandomNeeds(s, baseline);
      lines.push(
        `${s.strategy}: ${pct(s.finalTestAccuracy.mean)} with ${s.finalHumanLabels.mean.toFixed(0)} human labels; random needs ` +
          (randomLabels === null
            ? `more than its curve has (${baseline.at(-1)!.x.toFixed(0)} labels)`
            : `${randomLabels.toFixed(0)} (${ratio!.toFixed(2)}x)`),
      );
    }
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
