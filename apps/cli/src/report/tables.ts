/** report.csv (one row per strategy, seed and round, plus the full-supervision runs) and the text summary. */
import { toCsv } from '@medlabel/csv';
import type { ExperimentReport, RoundReport, Spread } from '@medlabel/loop';

const ROUND_COLUMNS = [
  'round',
  'trainingSize',
  'humanLabels',
  'autoAccepted',
  'autoAcceptedWrong',
  'humanCorrected',
  'audited',
  'auditedWrong',
  'skipped',
  'manualShare',
  'threshold',
  'validationAccuracy',
  'testAccuracy',
  'eceRaw',
  'eceCalibrated',
  'agreement',
  'seconds',
] as const satisfies readonly (keyof RoundReport)[];

/** What adaptive routing certified each round: its target, bound and confidence; empty otherwise. */
const GUARANTEE_COLUMNS = ['targetError', 'errorBound', 'boundConfidence', 'targetMet'] as const;

function guaranteeCells(r: RoundReport): (number | null)[] {
  const g = r.guarantee;
  return g
    ? [g.targetError, g.bound, g.confidence, g.met ? 1 : 0]
    : GUARANTEE_COLUMNS.map(() => null);
}

export function reportCsv(report: ExperimentReport): string {
  const header = ['model', 'strategy', 'seed', ...ROUND_COLUMNS, ...GUARANTEE_COLUMNS];
  const cell = (v: number | null) => (v === null ? null : Number(v.toPrecision(6)));
  const rows = report.runs.flatMap((run) =>
    run.rounds.map((r) => [
      report.model,
      run.strategy,
      run.seed,
      ...ROUND_COLUMNS.map((c) => cell(r[c])),
      ...guaranteeCells(r).map(cell),
    ]),
  );
  const full = report.fullSupervision.map((f) => {
    const values: Partial<Record<(typeof ROUND_COLUMNS)[number], number>> = {
      trainingSize: f.trainingSize,
      humanLabels: f.trainingSize,
      testAccuracy: f.testAccuracy,
      seconds: f.seconds,
    };
    return [
      report.model,
      'full',
      f.seed,
      ...[...ROUND_COLUMNS, ...GUARANTEE_COLUMNS].map((c) =>
        cell(values[c as keyof typeof values] ?? null),
      ),
    ];
  });
  return toCsv(header, [...rows, ...full]);
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const pm = (s: Spread, format: (v: number) => string): string =>
  `${format(s.mean)} ± ${format(s.std)} [${format(s.min)}..${format(s.max)}]`;

export function summaryText(report: ExperimentReport): string {
  const { summary } = report;
  const lines: string[] = [];
  if (summary.fullSupervision) {
    lines.push(
      `full supervision (${summary.fullSupervision.trainingSize} labels): test ${pm(summary.fullSupervision.testAccuracy, pct)}`,
    );
  }
  for (const s of summary.strategies) {
    lines.push(
      `${s.strategy}: test ${pm(s.finalTestAccuracy, pct)} with ${pm(s.finalHumanLabels, (v) => v.toFixed(0))} human labels` +
        ` (training set ${s.finalTrainingSize.mean.toFixed(0)})` +
        (s.autoAcceptedWrongRate === null
          ? ''
          : `; auto-accepted ${s.autoAccepted}, wrong ${pct(s.autoAcceptedWrongRate)}`) +
        (s.lastManualShare ? `; last manual share ${pct(s.lastManualShare.mean)}` : '') +
        `; last error ${pct(s.lastModelError.mean)}` +
        (s.manualShareToError === null ? '' : `; share/error ${s.manualShareToError.toFixed(2)}`),
    );
  }
  for (const s of summary.strategies) {
    if (s.lastRoutingCurve.length === 0) continue;
    lines.push(
      `${s.strategy}, last batch at other thresholds (manual share, auto-accepted wrong, share/error): ` +
        s.lastRoutingCurve
          .map(
            (p) =>
              `t=${p.threshold}: ${pct(p.manualShare.mean)}, ` +
              `${p.autoAcceptedWrongRate === null ? '-' : pct(p.autoAcceptedWrongRate)}, ` +
              `${p.manualShareToError === null ? '-' : p.manualShareToError.toFixed(2)}`,
          )
          .join('; '),
    );
  }
  for (const c of summary.comparisons) {
    lines.push(
      `${c.strategy} vs random: random needs ${c.randomLabelsForSameAccuracy === null ? 'more than all' : c.randomLabelsForSameAccuracy.toFixed(0)} labels for ${pct(c.finalTestAccuracy)}` +
        (c.ratio === null
          ? ''
          : ` (${c.ratio.toFixed(2)}x the ${c.humanLabels.toFixed(0)} of ${c.strategy})`) +
        (c.labelsToReachRandomFinal === null
          ? `; ${c.strategy} does not reach random's final accuracy within its ${c.humanLabels.toFixed(0)} labels`
          : `; ${c.strategy} reaches random's final accuracy with ${c.labelsToReachRandomFinal.toFixed(0)} labels (${pct(c.shareOfRandomLabels!)} of random's)`),
    );
  }
  return lines.join('\n') + '\n';
}
