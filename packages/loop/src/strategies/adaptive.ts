/**
 * A threshold chosen per round with a stated guarantee: the lowest confidence at which V certifies
 * that at most target x N of the N labels auto-accepted in the run so far (the earlier rounds'
 * and this batch's) are wrong, with confidence 1 - delta (default delta = 0.05, so 95%), by
 * fixed-sequence testing with a hypergeometric prediction bound (`error-bound.ts` states the
 * procedure and what it assumes about the rounds sharing V). Without earlier rounds it bounds
 * this batch's labels alone. It accepts every
 * prediction that threshold allows; when no threshold passes it accepts nothing and says, in
 * `guarantee.message`, what looser targets (5%, 10%) would bound and what share of the batch
 * each would still send to people.
 */
import { argmaxRows } from '../samples.js';
import { certifyThreshold, type CertifiedThreshold, type ScoredValidation } from './error-bound.js';
import {
  partition,
  rowCount,
  type ErrorGuarantee,
  type RoutingInput,
  type RoutingStrategy,
} from './routing.js';

export interface AdaptiveOptions {
  /** Target error of the auto-accepted labels, e.g. 0.01. */
  readonly targetError: number;
  /** The chance the bound may fail; the guarantee holds with confidence 1 - delta. Default 0.05. */
  readonly delta?: number;
}

/** Looser targets reported when the asked one cannot be met. */
const FALLBACK_TARGETS = [0.05, 0.1];

const percent = (value: number): string => `${(100 * value).toFixed(1)}%`;

function scoreValidation(
  validation: NonNullable<RoutingInput['validation']>,
  classCount: number,
): ScoredValidation {
  const { labels: predicted, confidence } = argmaxRows(validation.probabilities, classCount);
  return {
    confidence,
    correct: Array.from(predicted, (label, row) => label === validation.labels[row]),
  };
}

export function adaptiveThresholdStrategy({
  targetError,
  delta = 0.05,
}: AdaptiveOptions): RoutingStrategy {
  if (!(targetError >= 0 && targetError < 1)) throw new RangeError('targetError must be in [0, 1)');
  if (!(delta > 0 && delta < 1)) throw new RangeError('delta must be in (0, 1)');
  const confidenceLevel = 1 - delta;
  return {
    name: 'adaptive',
    route(input) {
      const count = rowCount(input);
      const { confidence } = argmaxRows(input.probabilities, input.classCount);
      const scored = input.validation
        ? scoreValidation(input.validation, input.classCount)
        : { confidence: [], correct: [] };
      const earlier = input.earlier ?? [];
      const certified = certifyThreshold(scored, confidence, targetError, delta, earlier);
      const cut = certified.threshold ?? 1 + Number.EPSILON; // null: nothing accepted
      const [autoAccepted, toHuman] = partition(count, (row) => confidence[row]! >= cut);
      const manualShare = (threshold: number | null): number =>
        count === 0
          ? 0
          : confidence.filter((c) => threshold === null || c < threshold).length / count;
      const alternatives =
        certified.threshold === null
          ? FALLBACK_TARGETS.filter((target) => target > targetError).map((target) => {
              const looser = certifyThreshold(scored, confidence, target, delta, earlier);
              return {
                targetError: target,
                threshold: looser.threshold,
                bound: looser.bound,
                manualShare: manualShare(looser.threshold),
              };
            })
          : [];
      const guarantee: ErrorGuarantee = {
        targetError,
        confidence: confidenceLevel,
        met: certified.threshold !== null,
        validationCount: scored.confidence.length,
        bound: certified.bound,
        accepted:
          certified.threshold === null
            ? null
            : {
                batchAccepted: certified.batchAccepted,
                validationAccepted: certified.validationAccepted,
                validationErrors: certified.validationErrors,
              },
        alternatives,
        message: describe(targetError, confidenceLevel, scored, certified, alternatives),
      };
      return {
        toHuman,
        audited: [],
        autoAccepted,
        skipped: [],
        threshold: Math.min(1, cut),
        guarantee,
      };
    },
  };
}

function describe(
  targetError: number,
  confidenceLevel: number,
  scored: ScoredValidation,
  certified: CertifiedThreshold,
  alternatives: ErrorGuarantee['alternatives'],
): string {
  const level = `${Math.round(100 * confidenceLevel)}% confidence`;
  if (certified.threshold !== null) {
    return (
      `auto-label error at most ${percent(certified.bound!)} (at most ${certified.wrongBound} ` +
      `wrong of the ${certified.runAccepted} labels accepted` +
      (certified.runAccepted > certified.batchAccepted
        ? ` in this run, ${certified.batchAccepted} of them from this batch`
        : '') +
      `; target ${percent(targetError)}) ` +
      `with ${level}: threshold ${certified.threshold.toFixed(4)}, ` +
      `${certified.validationErrors} errors in ${certified.validationAccepted} of ` +
      `${scored.confidence.length} validation items above it` +
      (certified.startedWithoutErrors
        ? ' (tested from the highest threshold that could pass with no error: the calibrated ' +
          'confidences expected more errors than the validation items could absorb)'
        : '')
    );
  }
  const refusal =
    `no threshold keeps the auto-label error under ${percent(targetError)} with ${level} ` +
    `on ${scored.confidence.length} validation items, so every item goes to people`;
  const options = alternatives.map((alternative) =>
    alternative.threshold === null
      ? `a ${percent(alternative.targetError)} target cannot be met either`
      : `a ${percent(alternative.targetError)} target would bound the error at ` +
        `${percent(alternative.bound!)} and still send ${percent(alternative.manualShare)} ` +
        `of this batch to people`,
  );
  return options.length === 0 ? refusal : `${refusal}; ${options.join('; ')}`;
}
