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
