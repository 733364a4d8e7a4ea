/** The paper's rule: confident predictions are accepted, the rest go to humans. */
import { argmaxRows } from '../samples.js';
import { partition, rowCount, type RoutingStrategy } from './routing.js';

export function thresholdStrategy(threshold: number): RoutingStrategy {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError('threshold must be in (0, 1]');
  return {
    name: 'threshold',
    route(input) {
      const { confidence } = argmaxRows(input.probabilities, input.classCount);
      const [autoAccepted, toHuman] = partition(
        rowCount(input),
        (row) => confidence[row]! >= threshold,
      );
      return { toHuman, audited: [], autoAccepted, skipped: [], threshold };
    },
  };
}
