/**
 * One row per strategy run (strategy and seed) of the loop: what its routing promised and what
 * it delivered. The observed error of its auto-accepted labels (all rounds pooled) against the
 * target, the rounds whose bound was certified, its human labels and final accuracy, and the
 * human labels random sampling needs for that accuracy on a pooled baseline curve.
 */
import { toCsv } from '@medlabel/csv';
import { labelsToReach, type LabelCurvePoint, type RunReport } from '@medlabel/loop';
import type { SavedReport } from './write.js';

export interface SeedOutcome {
  readonly dataset: string;
  readonly model: string;
  readonly strategy: string;
  /** The target error of adaptive routing; null for strategies without one. */
  readonly targetError: number | null;
  readonly seed: number;
  readonly batches: number;
  /** Batches whose routing certified a threshold; null when the runs state no guarantee. */
  readonly batchesCertified: number | null;
  /** Batches whose own auto-accepted labels were wrong more often than the target. */
  readonly batchesAboveTarget: number | null;
  readonly autoAccepted: number;
  readonly autoAcceptedWrong: number;
  /** Wrong over auto-accepted, all batches pooled; null when nothing was accepted. */
  readonly observedError: number | null;
  /** Observed error at or under the target (nothing accepted meets it too); null without a target. */
  readonly withinTarget: boolean | null;
  readonly humanLabels: number;
  readonly finalTestAccuracy: number;
  /** Human labels random sampling needs for finalTestAccuracy; null beyond its curve. */
  readonly randomLabels: number | null;
  /** humanLabels / randomLabels. */
  readonly shareOfRandom: number | null;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function outcome(
  report: SavedReport,
  run: RunReport,
  baseline: readonly LabelCurvePoint[],
): SeedOutcome {
  const target = run.strategy === 'adaptive' ? report.strategyParams.targetError : null;
  const batches = run.rounds.filter((r) => r.round > 0);
  const autoAccepted = sum(batches.map((r) => r.autoAccepted));
  const autoAcceptedWrong = sum(batches.map((r) => r.autoAcceptedWrong));
  const observedError = autoAccepted > 0 ? autoAcceptedWrong / autoAccepted : null;
  const last = run.rounds.at(-1)!;
  const randomLabels = labelsToReach(baseline, last.testAccuracy);
  return {
    dataset: report.dataset,
    model: report.model,
    strategy: run.strategy,
    targetError: target,
    seed: run.seed,
    batches: batches.length,
    batchesCertified: batches.some((r) => r.guarantee)
      ? batches.filter((r) => r.guarantee?.met).length
      : null,
    batchesAboveTarget:
      target === null
        ? null
        : batches.filter((r) => r.autoAccepted > 0 && r.autoAcceptedWrong / r.autoAccepted > target)
            .length,
    autoAccepted,
    autoAcceptedWrong,
    observedError,
    withinTarget: target === null ? null : (observedError ?? 0) <= target,
    humanLabels: last.humanLabels,
    finalTestAccuracy: last.testAccuracy,
    randomLabels,
    shareOfRandom: randomLabels === null ? null : last.humanLabels / randomLabels,
  };
}

/** Every run but random's, report by report, seed by seed. */
export function seedOutcomes(
  reports: readonly SavedReport[],
  baseline: readonly LabelCurvePoint[],
): SeedOutcome[] {
  return reports.flatMap((report) =>
    report.runs
      .filter((run) => run.strategy !== 'random')
      .map((run) => outcome(report, run, baseline)),
  );
}

const pct = (v: number | null, digits = 2): string =>
  v === null ? '-' : `${(100 * v).toFixed(digits)}%`;

/** "  seed 3: 12 of 1411 auto-accepted wrong (0.85%; target 1.00%: within; ...); 97.73% with ..." */
export function seedOutcomeLine(o: SeedOutcome): string {
  const promise =
    o.targetError === null
      ? ''
      : `; target ${pct(o.targetError)}: ${o.withinTarget ? 'within' : 'ABOVE'}; ` +
        (o.batchesCertified === null
          ? ''
          : `${o.batchesCertified} of ${o.batches} batches certified, `) +
        `${o.batchesAboveTarget} of ${o.batches} above target`;
  const random =
    o.randomLabels === null
      ? 'random needs more than its curve has'
      : `random needs ${o.randomLabels.toFixed(0)} (humans label ${pct(o.shareOfRandom, 1)} of that)`;
  return (
    `  seed ${o.seed}: ${o.autoAcceptedWrong} of ${o.autoAccepted} auto-accepted wrong ` +
    `(${pct(o.observedError)}${promise}); ${pct(o.finalTestAccuracy)} with ${o.humanLabels} ` +
    `human labels; ${random}`
  );
}

const COLUMNS = [
  'dataset',
  'model',
  'strategy',
  'targetError',
  'seed',
  'batches',
  'batchesCertified',
  'batchesAboveTarget',
  'autoAccepted',
  'autoAcceptedWrong',
  'observedError',
  'withinTarget',
  'humanLabels',
  'finalTestAccuracy',
  'randomLabels',
  'shareOfRandom',
] as const satisfies readonly (keyof SeedOutcome)[];

export function seedOutcomesCsv(outcomes: readonly SeedOutcome[]): string {
  const cell = (v: SeedOutcome[keyof SeedOutcome]) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v;
  return toCsv(
    COLUMNS,
    outcomes.map((o) => COLUMNS.map((c) => cell(o[c]))),
  );
}
