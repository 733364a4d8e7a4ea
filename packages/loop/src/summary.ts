/**
 * Aggregates runs over seeds: mean and spread per round, final figures per strategy, and the
 * comparison with random sampling (how many human labels random needs for the same accuracy,
 * by linear interpolation on its mean learning curve, which ends at full supervision).
 */
import type { FullSupervisionReport, RunReport } from './experiment.js';
import type { RoutingCurvePoint } from './metrics.js';
import type { StrategyName } from './strategies/registry.js';

export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export interface CurvePoint {
  readonly round: number;
  /** Seeds that reached this round (stopping rules may end runs early). */
  readonly runs: number;
  readonly humanLabels: Spread;
  readonly testAccuracy: Spread;
  readonly manualShare: Spread | null;
}

export interface StrategySummary {
  readonly strategy: StrategyName;
  readonly runs: number;
  readonly curve: CurvePoint[];
  readonly finalTestAccuracy: Spread;
  readonly finalHumanLabels: Spread;
  readonly finalTrainingSize: Spread;
  readonly autoAccepted: number;
  /** Wrong auto-accepted labels over all auto-accepted labels, all seeds pooled. */
  readonly autoAcceptedWrongRate: number | null;
  readonly lastManualShare: Spread | null;
  readonly lastModelError: Spread;
  /** Mean last-round manual share divided by mean last-round test error. */
  readonly manualShareToError: number | null;
  /** The last batch's routing curve over seeds: what each threshold would have given. */
  readonly lastRoutingCurve: RoutingCurveSummary[];
  readonly secondsPerRun: Spread;
}

export interface RoutingCurveSummary {
  readonly threshold: number;
  readonly manualShare: Spread;
  /** Wrong auto-accepted labels over all auto-accepted labels, seeds pooled. */
  readonly autoAcceptedWrongRate: number | null;
  /** Mean manual share divided by the mean last-round test error. */
  readonly manualShareToError: number | null;
}

export interface Comparison {
  readonly strategy: StrategyName;
  readonly finalTestAccuracy: number;
  readonly humanLabels: number;
  /** Human labels random needs to reach this strategy's final accuracy; null if it never does. */
  readonly randomLabelsForSameAccuracy: number | null;
  readonly ratio: number | null;
  /** Human labels this strategy needs to reach random's final accuracy, and the share of random's labels. */
  readonly labelsToReachRandomFinal: number | null;
  readonly shareOfRandomLabels: number | null;
}

export interface ExperimentSummary {
  readonly strategies: StrategySummary[];
  readonly fullSupervision: { readonly testAccuracy: Spread; readonly trainingSize: number } | null;
  readonly comparisons: Comparison[];
}

export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Labels from which a (labels, accuracy) curve stays at or above `target`: the last upward
 * crossing, linearly interpolated. Noisy curves that touch the target early and fall back do not
 * count. Null when the curve ends below the target.
 */
export function labelsToReach(
  curve: readonly { x: number; y: number }[],
  target: number,
): number | null {
  let lastBelow = -1;
  curve.forEach((point, i) => {
    if (point.y < target) lastBelow = i;
  });
  if (lastBelow === curve.length - 1) return null;
  const after = curve[lastBelow + 1]!;
  const before = curve[lastBelow];
  if (!before) return after.x;
  return before.x + ((target - before.y) / (after.y - before.y)) * (after.x - before.x);
}

export function summarize(
  runs: readonly RunReport[],
  full: readonly FullSupervisionReport[],
): ExperimentSummary {
  const names = [...new Set(runs.map((r) => r.strategy))];
  const strategies = names.map((name) =>
    summarizeStrategy(
      name,
      runs.filter((r) => r.strategy === name),
    ),
  );
  const fullSupervision =
    full.length > 0
      ? {
          testAccuracy: spread(full.map((f) => f.testAccuracy)),
          trainingSize: full[0]!.trainingSize,
        }
      : null;
  const random = strategies.find((s) => s.strategy === 'random');
  const baseline = randomBaselineCurve([{ strategies, fullSupervision, comparisons: [] }]);
  const comparisons = random
    ? strategies.filter((s) => s !== random).map((s) => compare(s, random, baseline))
    : [];
  return { strategies, fullSupervision, comparisons };
}

function summarizeStrategy(strategy: StrategyName, runs: readonly RunReport[]): StrategySummary {
  const longest = Math.max(...runs.map((r) => r.rounds.length));
  const curve: CurvePoint[] = Array.from({ length: longest }, (_, round) => {
    const at = runs.flatMap((r) => r.rounds.filter((x) => x.round === round));
    const shares = at.flatMap((x) => (x.manualShare === null ? [] : [x.manualShare]));
    return {
      round,
      runs: at.length,
      humanLabels: spread(at.map((x) => x.humanLabels)),
      testAccuracy: spread(at.map((x) => x.testAccuracy)),
      manualShare: shares.length > 0 ? spread(shares) : null,
    };
  });
  const finals = runs.map((r) => r.rounds.at(-1)!);
  const autoAccepted = sum(runs.flatMap((r) => r.rounds.map((x) => x.autoAccepted)));
  const autoWrong = sum(runs.flatMap((r) => r.rounds.map((x) => x.autoAcceptedWrong)));
  const lastShares = finals.flatMap((x) => (x.manualShare === null ? [] : [x.manualShare]));
  const lastManualShare = lastShares.length > 0 ? spread(lastShares) : null;
  const lastModelError = spread(finals.map((x) => 1 - x.testAccuracy));
  return {
    strategy,
    runs: runs.length,
    curve,
    finalTestAccuracy: spread(finals.map((x) => x.testAccuracy)),
    finalHumanLabels: spread(finals.map((x) => x.humanLabels)),
    finalTrainingSize: spread(finals.map((x) => x.trainingSize)),
    autoAccepted,
    autoAcceptedWrongRate: autoAccepted > 0 ? autoWrong / autoAccepted : null,
    lastManualShare,
    lastModelError,
    manualShareToError:
      lastManualShare && lastModelError.mean > 0
        ? lastManualShare.mean / lastModelError.mean
        : null,
    lastRoutingCurve: summarizeRoutingCurves(
      finals.flatMap((x) => (x.routingCurve ? [x.routingCurve] : [])),
      lastModelError.mean,
    ),
    secondsPerRun: spread(runs.map((r) => sum(r.rounds.map((x) => x.seconds)))),
  };
}

function summarizeRoutingCurves(
  curves: readonly (readonly RoutingCurvePoint[])[],
  modelError: number,
): RoutingCurveSummary[] {
  return (curves[0] ?? []).map(({ threshold }, i) => {
    const points = curves.map((curve) => curve[i]!);
    const manualShare = spread(points.map((p) => p.manualShare));
    const accepted = sum(points.map((p) => p.autoAccepted));
    return {
      threshold,
      manualShare,
      autoAcceptedWrongRate:
        accepted > 0 ? sum(points.map((p) => p.autoAcceptedWrong)) / accepted : null,
      manualShareToError: modelError > 0 ? manualShare.mean / modelError : null,
    };
  });
}

/** A learning curve: mean test accuracy (y) by human labels (x). */
export interface LabelCurvePoint {
  readonly x: number;
  readonly y: number;
}

/**
 * Random sampling's learning curve from one or more summaries (say random at 25% of each batch
 * in one and at 50% in another), ending at full supervision, which is random sampling with every
 * label. Points at the same label count are averaged; the curve is sorted by labels.
 */
export function randomBaselineCurve(summaries: readonly ExperimentSummary[]): LabelCurvePoint[] {
  const byLabels = new Map<number, number[]>();
  const add = (x: number, y: number): void => {
    byLabels.set(x, [...(byLabels.get(x) ?? []), y]);
  };
  for (const summary of summaries) {
    const random = summary.strategies.find((s) => s.strategy === 'random');
    for (const p of random?.curve ?? []) add(p.humanLabels.mean, p.testAccuracy.mean);
    const full = summary.fullSupervision;
    if (full) add(full.trainingSize, full.testAccuracy.mean);
  }
  return [...byLabels]
    .map(([x, ys]) => ({ x, y: ys.reduce((a, b) => a + b, 0) / ys.length }))
    .sort((a, b) => a.x - b.x);
}

/** Human labels random sampling needs for a strategy's final accuracy, and how many times more. */
export function labelsRandomNeeds(
  s: StrategySummary,
  baseline: readonly LabelCurvePoint[],
): { readonly randomLabels: number | null; readonly ratio: number | null } {
  const randomLabels = labelsToReach(baseline, s.finalTestAccuracy.mean);
  return {
    randomLabels,
    ratio: randomLabels === null ? null : randomLabels / s.finalHumanLabels.mean,
  };
}

function compare(
  s: StrategySummary,
  random: StrategySummary,
  baseline: LabelCurvePoint[],
): Comparison {
  const { randomLabels, ratio } = labelsRandomNeeds(s, baseline);
  const ownCurve = s.curve.map((p) => ({ x: p.humanLabels.mean, y: p.testAccuracy.mean }));
  const randomFinal = random.curve.at(-1)!;
  const toReachRandom = labelsToReach(ownCurve, randomFinal.testAccuracy.mean);
  return {
    strategy: s.strategy,
    finalTestAccuracy: s.finalTestAccuracy.mean,
    humanLabels: s.finalHumanLabels.mean,
    randomLabelsForSameAccuracy: randomLabels,
    ratio,
    labelsToReachRandomFinal: toReachRandom,
    shareOfRandomLabels:
      toReachRandom === null ? null : toReachRandom / randomFinal.humanLabels.mean,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
