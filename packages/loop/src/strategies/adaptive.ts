/**
 * A threshold chosen per round: the lowest one whose auto-accepted samples have an estimated
 * error under the target. With calibrated probabilities the expected error of accepting a
 * sample is 1 - its top probability, so the estimate is the mean of that over the accepted
 * samples. Accepting in order of decreasing confidence makes this mean non-decreasing, so the
 * largest prefix under the target is the answer.
 */
import { argmaxRows } from '../samples.js';
import { partition, rowCount, type RoutingStrategy } from './routing.js';

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
      const [autoAccepted, toHuman] = partition(count, (row) => confidence[row]! >= threshold);
      return { toHuman, audited: [], autoAccepted, skipped: [], threshold: Math.min(1, threshold) };
    },
  };
}
