/**
 * A confidence threshold with a stated guarantee on the error of the labels it auto-accepts,
 * from a small labelled validation set V, distribution-free (Learn-then-Test with fixed-sequence
 * testing, Angelopoulos et al. 2021):
 *
 * - For a threshold t, let n(t) be V's items whose top calibrated probability is >= t and k(t)
 *   those of them the model gets wrong. When V and the batch are exchangeable, k(t) given n(t)
 *   is Binomial(n(t), e(t)), e(t) being the error of auto-accepting at t.
 * - The null hypothesis "e(t) > target" is rejected when P(Binomial(n(t), target) <= k(t)) <= delta,
 *   i.e. when the one-sided Clopper-Pearson upper bound of e(t) at confidence 1 - delta is at or
 *   under the target.
 * - Candidates are V's distinct confidences, tested from high to low; testing stops at the first
 *   one not rejected, and the lowest rejected one is the threshold. Fixed-sequence testing spends
 *   the whole delta on each test and still keeps the chance that the chosen threshold's error is
 *   above the target at most delta.
 * - The sequence starts at the highest candidate that would still pass with more errors than its
 *   calibrated confidences expect (m = the sum of 1 - confidence, allowing m + 2 sqrt(m) + 1):
 *   earlier candidates hold too few items to pass with the errors they are likely to contain,
 *   and one failure there would end the sequence. When no candidate would pass with that many
 *   (underconfident probabilities, as Platt scaling of an SVM on a small V gives, expect more
 *   errors than V could ever absorb), it starts at the highest candidate that could pass at all,
 *   with no error. Either start depends on the confidences only, never on which predictions are
 *   right, so the guarantee stands.
 *
 * Caveat: V also fits the calibration (one temperature), so the bound is exact only up to that
 * one fitted parameter; the ranking of confidences the thresholds cut is barely affected by it.
 */

/** log P(Binomial(n, p) <= k), computed term by term in log space so that large n cannot underflow. */
function logBinomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 0;
  if (p >= 1) return Number.NEGATIVE_INFINITY;
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logTerm = n * Math.log1p(-p); // P(X = 0)
  let logSum = logTerm;
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(n - i + 1) - Math.log(i) + logRatio;
    const [hi, lo] = logSum > logTerm ? [logSum, logTerm] : [logTerm, logSum];
    logSum = hi + Math.log1p(Math.exp(lo - hi));
  }
  return logSum;
}

/** P(Binomial(n, p) <= k). */
export function binomialCdf(k: number, n: number, p: number): number {
  return Math.exp(logBinomialCdf(k, n, p));
}

/**
 * The one-sided Clopper-Pearson upper bound of a binomial proportion with `errors` of `n` at
 * confidence 1 - delta: the p at which P(Binomial(n, p) <= errors) = delta (1 when n = errors).
 */
export function clopperPearsonUpper(errors: number, n: number, delta: number): number {
  if (errors >= n) return 1;
  const logDelta = Math.log(delta);
  let [low, high] = [0, 1];
  // The CDF falls as p rises; 60 halvings leave an interval far below float precision of use.
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (logBinomialCdf(errors, n, mid) > logDelta) low = mid;
    else high = mid;
  }
  return high;
}

/** V's top confidences and whether the model's top class was right, one entry per V item. */
export interface ScoredValidation {
  readonly confidence: ArrayLike<number>;
  readonly correct: ArrayLike<boolean>;
}

export interface CertifiedThreshold {
  /** Auto-accept at or above this confidence; null when no threshold passes. */
  readonly threshold: number | null;
  /** V items at or above the threshold, and the model's errors among them. */
  readonly validationAccepted: number;
  readonly validationErrors: number;
  /** Clopper-Pearson upper bound of the auto-label error at the threshold (at 1 - delta). */
  readonly bound: number | null;
  /**
   * The test sequence started at the first candidate that could pass with no error, because the
   * calibrated confidences expected more errors than any candidate could absorb.
   */
  readonly startedWithoutErrors: boolean;
}

/** A candidate threshold: the items at or above it, their errors and their expected errors. */
interface Candidate {
  readonly threshold: number;
  readonly n: number;
  readonly errors: number;
  readonly expectedErrors: number;
}

/** V's distinct confidences from high to low, each with the counts at or above it. */
function candidates(validation: ScoredValidation): Candidate[] {
  const count = validation.confidence.length;
  const ranked = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => validation.confidence[b]! - validation.confidence[a]!,
  );
  const list: Candidate[] = [];
  let errors = 0;
  let expectedErrors = 0;
  for (let i = 0; i < count; i++) {
    const row = ranked[i]!;
    if (!validation.correct[row]) errors++;
    expectedErrors += 1 - validation.confidence[row]!;
    const next = ranked[i + 1];
    // A threshold keeps or drops a whole run of equal confidences.
    if (next !== undefined && validation.confidence[next] === validation.confidence[row]) continue;
    list.push({ threshold: validation.confidence[row]!, n: i + 1, errors, expectedErrors });
  }
  return list;
}

/** The lowest threshold the fixed-sequence test certifies (see the file's comment). */
export function certifyThreshold(
  validation: ScoredValidation,
  targetError: number,
  delta: number,
): CertifiedThreshold {
  const logDelta = Math.log(delta);
  const passes = (errors: number, n: number): boolean =>
    logBinomialCdf(errors, n, targetError) <= logDelta;
  const list = candidates(validation);
  const likely = list.findIndex(({ n, expectedErrors: m }) =>
    passes(Math.floor(m + 2 * Math.sqrt(m) + 1), n),
  );
  const start = likely >= 0 ? likely : list.findIndex(({ n }) => passes(0, n));
  let chosen: Candidate | undefined;
  for (const candidate of start >= 0 ? list.slice(start) : []) {
    if (!passes(candidate.errors, candidate.n)) break;
    chosen = candidate;
  }
  if (chosen === undefined)
    return {
      threshold: null,
      validationAccepted: 0,
      validationErrors: 0,
      bound: null,
      startedWithoutErrors: likely < 0,
    };
  return {
    threshold: chosen.threshold,
    validationAccepted: chosen.n,
    validationErrors: chosen.errors,
    bound: clopperPearsonUpper(chosen.errors, chosen.n, delta),
    startedWithoutErrors: likely < 0,
  };
}
