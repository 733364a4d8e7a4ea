/**
 * Pure uncertainty sampling (active learning): the k most uncertain samples of the batch go to
 * humans, nothing is auto-accepted, the rest stays unlabelled.
 */
import { partition, rowCount, type RoutingStrategy } from './routing.js';

export type UncertaintyMeasure = 'least-confidence' | 'margin' | 'entropy';

/** Higher means more uncertain. */
export function uncertainty(measure: UncertaintyMeasure, row: ArrayLike<number>): number {
  switch (measure) {
    case 'least-confidence':
      return 1 - Math.max(...Array.from(row));
    case 'margin': {
      const sorted = Array.from(row).sort((a, b) => b - a);
      return -((sorted[0] ?? 0) - (sorted[1] ?? 0));
    }
    case 'entropy':
      return Array.from(row).reduce((h, p) => (p > 0 ? h - p * Math.log(p) : h), 0);
  }
}

export function uncertaintyStrategy(measure: UncertaintyMeasure, k: number): RoutingStrategy {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError('k must be a non-negative integer');
  return {
    name: measure,
    route(input) {
      const count = rowCount(input);
      const scores = Array.from({ length: count }, (_, row) =>
        uncertainty(
          measure,
          input.probabilities.subarray(row * input.classCount, (row + 1) * input.classCount),
        ),
      );
      // Most uncertain first; ties keep index order so the choice is reproducible.
      const ranked = scores.map((_, row) => row).sort((a, b) => scores[b]! - scores[a]! || a - b);
      const chosen = new Set(ranked.slice(0, k));
      const [toHuman, skipped] = partition(count, (row) => chosen.has(row));
      return { toHuman, audited: [], autoAccepted: [], skipped };
    },
  };
}
