/** The one interface every routing strategy implements: who labels which sample of a batch. */
import type { Rng } from '../random.js';
import type { AcceptedRound } from './error-bound.js';

export interface RoutingInput {
  /** Calibrated probabilities of the batch, row-major [count x classCount]. */
  readonly probabilities: Float32Array;
  readonly classCount: number;
  /** The strategy's own seeded stream (random picks, audits). */
  readonly rng: Rng;
  /** The current model's calibrated probabilities on the validation set V, with V's labels. */
  readonly validation?: {
    readonly probabilities: Float32Array;
    readonly labels: ArrayLike<number>;
  };
  /**
   * What the run's earlier rounds auto-accepted and on what V evidence (their guarantees'
   * `accepted`), for routing that bounds the run's wrong labels as a whole (adaptive).
   */
  readonly earlier?: readonly AcceptedRound[];
}

/** A partition of the batch's row indices. */
export interface Routing {
  /** Sent to a human, who sees the predicted label and accepts or corrects it. */
  readonly toHuman: readonly number[];
  /** The part of toHuman that the model was confident about: audits of auto-labelling. */
  readonly audited: readonly number[];
  /** Accepted with the model's label, recorded as model-labelled. */
  readonly autoAccepted: readonly number[];
  /** Left unlabelled: they do not enter the training set. */
  readonly skipped: readonly number[];
  /** The confidence threshold used this round, when the strategy has one. */
  readonly threshold?: number;
  /** What the threshold promises about the auto-accepted labels' error (adaptive routing). */
  readonly guarantee?: ErrorGuarantee;
}

/** A stated bound on the error of auto-accepted labels, or why there is none. */
export interface ErrorGuarantee {
  readonly targetError: number;
  /** The chance that the bound holds, 1 - delta. */
  readonly confidence: number;
  /** Whether a threshold meets the target; when not, nothing is auto-accepted. */
  readonly met: boolean;
  readonly validationCount: number;
  /**
   * Upper bound of the error among the labels auto-accepted in the run so far, this batch's
   * included (the realized share wrong, not an expected rate); null when none was certified.
   */
  readonly bound: number | null;
  /** What this round accepted and on what V evidence; null when it accepted nothing. */
  readonly accepted: AcceptedRound | null;
  /** When the target is not met: looser targets (5%, 10%), their bound and what they cost. */
  readonly alternatives: readonly {
    readonly targetError: number;
    readonly threshold: number | null;
    readonly bound: number | null;
    /** The share of this batch that would go to people. */
    readonly manualShare: number;
  }[];
  /** The same in words, for reports and dashboards. */
  readonly message: string;
}

export interface RoutingStrategy {
  readonly name: string;
  route(input: RoutingInput): Routing;
}

export function rowCount(input: RoutingInput): number {
  return input.probabilities.length / input.classCount;
}

/** Splits rows by a predicate into [matching, rest], both in index order. */
export function partition(count: number, test: (row: number) => boolean): [number[], number[]] {
  const yes: number[] = [];
  const no: number[] = [];
  for (let row = 0; row < count; row++) (test(row) ? yes : no).push(row);
  return [yes, no];
}
