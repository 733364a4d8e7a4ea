/**
 * The annotator interface the loop asks for labels, and a simulated annotator that answers
 * from ground truth so experiments run without people.
 */
import type { Rng } from './random.js';

export interface LabelRequest {
  /** The sample's id in the dataset. */
  readonly id: number;
  /** The model's predicted class, shown to the annotator. */
  readonly predicted: number;
  readonly confidence: number;
}

export interface Oracle {
  /** One answer (class index) per request, in order. */
  label(requests: readonly LabelRequest[]): Promise<Int32Array>;
}

export interface SimulatedOracleOptions {
  /** True class of every sample id. */
  readonly truth: ArrayLike<number>;
  readonly classCount: number;
  /** Probability that an answer is wrong (default 0). */
  readonly errorRate?: number;
  readonly rng: Rng;
}

/**
 * Answers with the true class; with probability errorRate it errs instead. A mistaken annotator
 * who was shown a wrong prediction accepts it (anchoring on the suggestion); otherwise the mistake
 * is a uniformly random other class.
 */
export function simulatedOracle({
  truth,
  classCount,
  errorRate = 0,
  rng,
}: SimulatedOracleOptions): Oracle {
  if (!(errorRate >= 0 && errorRate <= 1)) throw new RangeError('errorRate must be in [0, 1]');
  return {
    label(requests) {
      const answers = Int32Array.from(requests, ({ id, predicted }) => {
        const right = truth[id];
        if (right === undefined) throw new RangeError(`no ground truth for sample ${id}`);
        if (classCount < 2 || rng.next() >= errorRate) return right;
        if (predicted !== right) return predicted;
        const other = rng.int(classCount - 1);
        return other >= right ? other + 1 : other;
      });
      return Promise.resolve(answers);
    },
  };
}
