/** Accuracy, confusion matrix and expected calibration error of predicted probabilities. */
import { argmaxRows } from './samples.js';

export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (truth.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
  return right / truth.length;
}

/** matrix[truth][predicted] counts. */
export function confusionMatrix(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  classCount: number,
): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]!]![predicted[i]!]!++;
  return matrix;
}

/**
 * Expected calibration error: the sample-weighted mean gap between confidence (top probability)
 * and accuracy over equal-width confidence bins.
 */
export function expectedCalibrationError(
  probabilities: Float32Array,
  truth: ArrayLike<number>,
  classCount: number,
  bins = 15,
): number {
  const { labels, confidence } = argmaxRows(probabilities, classCount);
  const sumConfidence = new Float64Array(bins);
  const sumCorrect = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const c = confidence[i]!;
    const bin = Math.min(bins - 1, Math.floor(c * bins));
    sumConfidence[bin]! += c;
    sumCorrect[bin]! += labels[i] === truth[i] ? 1 : 0;
    counts[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (counts[b]! > 0) ece += Math.abs(sumConfidence[b]! - sumCorrect[b]!) / labels.length;
  }
  return ece;
}

/** What routing a batch at one confidence threshold would have cost and risked. */
export interface RoutingCurvePoint {
  readonly threshold: number;
  /** Share of the batch below the threshold: the hard cases humans would label. */
  readonly manualShare: number;
  /** Samples at or above the threshold, and how many of them the model got wrong. */
  readonly autoAccepted: number;
  readonly autoAcceptedWrong: number;
}

/** The thresholds every round's routing curve is computed at. */
export const ROUTING_CURVE_THRESHOLDS: readonly number[] = [
  0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99,
];

/**
 * The trade-off between manual share and auto-label error over thresholds, for one batch whose
 * true labels are known (experiments only): lets a report say which threshold would have met
 * a goal without rerunning the loop.
 */
export function routingCurve(
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  truth: ArrayLike<number>,
  thresholds: readonly number[] = ROUTING_CURVE_THRESHOLDS,
): RoutingCurvePoint[] {
  const count = truth.length;
  return thresholds.map((threshold) => {
    let autoAccepted = 0;
    let autoAcceptedWrong = 0;
    for (let i = 0; i < count; i++) {
      if (confidence[i]! < threshold) continue;
      autoAccepted++;
      if (predicted[i] !== truth[i]) autoAcceptedWrong++;
    }
    return {
      threshold,
      manualShare: count === 0 ? 0 : (count - autoAccepted) / count,
      autoAccepted,
      autoAcceptedWrong,
    };
  });
}
