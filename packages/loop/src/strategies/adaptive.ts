/**
 * A threshold chosen per round: the lowest one whose auto-accepted samples have an estimated
 * error under the target. Two estimates must both hold:
 * - the batch's own: with calibrated probabilities the expected error of accepting a sample is
 *   1 - its top probability, so the estimate is the mean of that over the accepted samples.
 *   Accepting in order of decreasing confidence makes this mean non-decreasing, so the largest
 *   prefix under the target is the answer;
 * - when V is given, V's observed error above the threshold, smoothed as (errors + 1) / (n + 1)
 *   so that a small V cannot vouch for a low error (1% needs at least 99 validation samples
 *   above the threshold). It guards against a calibration that is wrong in its tail.
 */
import { argmaxRows } from '../samples.js';
import { partition, rowCount, type RoutingInput, type RoutingStrategy } from './routing.js';

export interface AdaptiveOptions {
  /** Target error of the auto-accepted labels, e.g. 0.01. */
  readonly targetError: number;
  /** Never accept below this confidence, however low the estimate (default 0.5). */
  readonly minThreshold?: number;
}

export function adaptiveThresholdStrategy({
  targetError,
  minThreshold = 0.5,
}: AdaptiveOptions): RoutingStrategy {
  if (!(targetError >= 0 && targetError < 1)) throw new RangeError('targetError must be in [0, 1)');
  return {
    name: 'adaptive',
    route(input) {
      const count = rowCount(input);
      const { confidence } = argmaxRows(input.probabilities, input.classCount);
      const ranked = Array.from({ length: count }, (_, row) => row).sort(
        (a, b) => confidence[b]! - confidence[a]! || a - b,
      );
      let threshold = 1 + Number.EPSILON; // nothing accepted
      let errorSum = 0;
      for (let i = 0; i < ranked.length; i++) {
        const c = confidence[ranked[i]!]!;
        if (c < minThreshold) break;
        errorSum += 1 - c;
        if (errorSum / (i + 1) > targetError) break;
        // Only move the threshold at the end of a run of equal confidences.
        const next = ranked[i + 1];
        if (next === undefined || confidence[next]! < c) threshold = c;
      }
      if (input.validation) {
        threshold = Math.max(
          threshold,
          validatedThreshold(input.validation, input.classCount, targetError),
        );
      }
      const [autoAccepted, toHuman] = partition(count, (row) => confidence[row]! >= threshold);
      return { toHuman, audited: [], autoAccepted, skipped: [], threshold: Math.min(1, threshold) };
    },
  };
}

/** The lowest confidence whose V samples at or above it have a smoothed error under the target. */
function validatedThreshold(
  validation: NonNullable<RoutingInput['validation']>,
  classCount: number,
  targetError: number,
): number {
  const { labels: predicted, confidence } = argmaxRows(validation.probabilities, classCount);
  const ranked = Array.from(confidence.keys()).sort((a, b) => confidence[b]! - confidence[a]!);
  let threshold = 1 + Number.EPSILON;
  let errors = 0;
  ranked.forEach((row, i) => {
    if (predicted[row] !== validation.labels[row]) errors++;
    const next = ranked[i + 1];
    const endOfTies = next === undefined || confidence[next]! < confidence[row]!;
    if (endOfTies && (errors + 1) / (i + 2) <= targetError) threshold = confidence[row]!;
  });
  return threshold;
}
