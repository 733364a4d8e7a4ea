/**
 * A confidence threshold with a stated bound on the number of wrong labels the loop has
 * auto-accepted in this run so far (earlier rounds and this batch), from a small labelled
 * validation set V, distribution-free. One round first:
 *
 * - For a threshold t, V has n_V(t) items at or above t, k_V(t) of them predicted wrongly; the
 *   batch has n_B(t) items at or above t (its confidences are known, its labels are not) with an
 *   unknown number K_B(t) of wrong predictions.
 * - When V and the batch are exchangeable (both drawn from the same pool, neither trained on),
 *   then given the pooled items at or above t, which of them are V's is a uniform draw: k_V(t) is
 *   hypergeometric, n_V(t) draws from n_V + n_B items of which k_V + K_B are wrong. The
 *   prediction bound b(t) is the largest b for which P(Hypergeometric(n_V + n_B, k_V + b, n_V)
 *   <= k_V) > delta; K_B(t) > b(t) has probability at most delta. It bounds the realized count
 *   of wrong labels in the batch, not an expected error rate, so the target holds for the labels
 *   actually accepted, not only on average over batches.
 * - Over the rounds of a run (`cumulativeWrongBound`): round s accepted N_s labels at its own
 *   threshold and model, with V's k_s wrong of m_s above it. The wrong labels of all rounds are
 *   bounded by ONE hypergeometric bound as above, for all N = sum N_s accepted labels against one
 *   V of m items with k errors: the N-weighted mean of the rounds' V error shares k_s / m_s,
 *   times m, rounded up, where m is the V size whose share has the spread of the rounds' weighted
 *   shares if the rounds' V errors all moved together: 1 / sqrt(m) = sum (N_s / N) / sqrt(m_s).
 *   It assumes what one round does (V and each batch exchangeable under that round's model) and
 *   takes the dependence between rounds (one V, reused by every round) as total: V counts once,
 *   never once per round. When every round has the same model and threshold this is exact (V and
 *   all the batches are one exchangeable pool); when the rounds' V errors are less than fully
 *   dependent it is conservative; the per-run rate is checked by simulation in the tests. With
 *   one round it is the per-batch bound above.
 * - A threshold passes when the bound over the earlier rounds and this batch's n_B(t) labels is
 *   at most floor(target x (N_earlier + n_B(t))), so slack left by earlier rounds carries over.
 *   Candidates are the batch's own (unlabelled) confidences at the sizes where that allowance
 *   steps up (below the first step 1, 2, 4, ... when the batch holds fewer than two steps; then
 *   every n_B at which target x (N_earlier + n_B) reaches a whole number; in between, more items
 *   share the same allowance), tested from high to low; testing stops at the first one that fails
 *   and the lowest passed one is the threshold (fixed-sequence testing, as in Learn-then-Test).
 * - The sequence starts at the first candidate that would still pass with more errors than V's
 *   calibrated confidences expect (m = the sum of 1 - confidence, allowing m + 2 sqrt(m) + 1);
 *   earlier ones hold too few V items to pass. When none would (underconfident probabilities, as
 *   Platt scaling of an SVM on a small V gives), it starts at the first that could pass with no
 *   error. The candidates and the start depend on confidences only, never on which predictions
 *   are right.
 *
 * Validity: each candidate's bound holds with probability 1 - delta exactly in one round. The fixed sequence
 * keeps the chosen one's failure rate at about delta (stopping at the first failure protects it
 * as for an expected-risk null; here the null is the batch's realized error, so the rate is
 * checked by simulation in the tests rather than proved). The temperature is fitted on V too: one
 * scalar, which moves V's and the batch's confidences together, so the nested sets the candidates
 * cut change only where it reorders top-class probabilities of different items; a separate
 * calibration split would halve the items that certify, which at 1% is most of what V can vouch for.
 */

/** log(n!) from a table grown on demand. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++)
    logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

const logChoose = (n: number, k: number): number =>
  logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * P(X <= k) for X ~ Hypergeometric: `draws` items taken without replacement from `population`
 * items of which `marked` are marked; summed in log space so that large counts cannot underflow.
 */
export function hypergeometricCdf(
  k: number,
  population: number,
  marked: number,
  draws: number,
): number {
  const low = Math.max(0, draws - (population - marked));
  const high = Math.min(k, marked, draws);
  if (high < low) return 0;
  if (high === Math.min(marked, draws)) return 1;
  const logTotal = logChoose(population, draws);
  let logSum = Number.NEGATIVE_INFINITY;
  for (let x = low; x <= high; x++) {
    const logTerm = logChoose(marked, x) + logChoose(population - marked, draws - x) - logTotal;
    const [hi, lo] = logSum > logTerm ? [logSum, logTerm] : [logTerm, logSum];
    logSum = hi + Math.log1p(Math.exp(lo - hi));
  }
  return Math.min(1, Math.exp(logSum));
}

/**
 * The upper prediction bound, at confidence 1 - delta, of the wrong predictions among `batch`
 * items, from `errors` wrong among `validation` exchangeable items: the largest b for which
 * P(Hypergeometric(validation + batch, errors + b, validation) <= errors) > delta.
 */
export function wrongLabelBound(
  errors: number,
  validation: number,
  batch: number,
  delta: number,
): number {
  const plausible = (b: number): boolean =>
    hypergeometricCdf(errors, validation + batch, errors + b, validation) > delta;
  // plausible(0) holds; the CDF falls as b rises, so halve the interval [0, batch].
  let [low, high] = [0, batch];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (plausible(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** What one round's certified threshold rests on: the labels it accepted, V's count and errors. */
export interface AcceptedRound {
  readonly batchAccepted: number;
  readonly validationAccepted: number;
  readonly validationErrors: number;
}

/**
 * The upper bound, at confidence 1 - delta, of the wrong labels among all the labels the rounds
 * accepted, each round judged by its own V count and errors; V counts once (see the file's
 * comment). Rounds that accepted nothing add nothing.
 */
export function cumulativeWrongBound(rounds: readonly AcceptedRound[], delta: number): number {
  const counted = rounds.filter((round) => round.batchAccepted > 0);
  const total = (value: (round: AcceptedRound) => number): number =>
    counted.reduce((sum, round) => sum + value(round), 0);
  const accepted = total((round) => round.batchAccepted);
  if (accepted === 0) return 0;
  const spread = total((round) => round.batchAccepted / Math.sqrt(round.validationAccepted));
  const validation = Math.floor((accepted / spread) ** 2 + 1e-9);
  const share =
    total((round) => (round.batchAccepted * round.validationErrors) / round.validationAccepted) /
    accepted;
  return wrongLabelBound(Math.ceil(share * validation - 1e-9), validation, accepted, delta);
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
  /** Batch items at or above the threshold: the labels accepted from this batch. */
  readonly batchAccepted: number;
  /** Labels accepted in the run so far, this batch's included. */
  readonly runAccepted: number;
  /** At most this many of them are wrong, with confidence 1 - delta; null when none passed. */
  readonly wrongBound: number | null;
  /** wrongBound / runAccepted: the bound on the accepted labels' error. */
  readonly bound: number | null;
  /**
   * The test sequence started at the first candidate that could pass with no error, because the
   * calibrated confidences expected more errors than any candidate could absorb.
   */
  readonly startedWithoutErrors: boolean;
}

/** A candidate threshold with V's and the batch's counts at or above it. */
interface Candidate extends AcceptedRound {
  readonly threshold: number;
  readonly expectedErrors: number;
}

/** Wrong labels a run of n accepted items may hold at the target. */
const allowance = (target: number, n: number): number => Math.floor(target * n);

/**
 * Sizes of this batch's accepted set at which the run's allowance steps up: every n at which
 * target x (earlier + n) reaches a whole number. When the batch holds fewer than two such steps,
 * first 1, 2, 4, ... below the first; otherwise not, as one V error there would end the sequence
 * before the sizes that allow one.
 */
function candidateSizes(batchCount: number, target: number, earlier: number): number[] {
  const steps: number[] = [];
  for (let c = allowance(target, earlier) + 1; target > 0; c++) {
    const n = Math.ceil(c / target - 1e-9) - earlier;
    if (n > batchCount) break;
    if (n > 0) steps.push(n);
  }
  const small: number[] = [];
  if (steps.length < 2)
    for (let n = 1; n <= batchCount && n < (steps[0] ?? Infinity); n *= 2) small.push(n);
  return [...small, ...steps];
}

const descending = (values: ArrayLike<number>): number[] =>
  Array.from(values).sort((a, b) => b - a);

/** The candidates from high to low, each with the counts at or above it (see the file's comment). */
function candidates(
  validation: ScoredValidation,
  batchConfidence: ArrayLike<number>,
  target: number,
  earlier: number,
): Candidate[] {
  const batch = descending(batchConfidence);
  const order = Array.from({ length: validation.confidence.length }, (_, i) => i).sort(
    (a, b) => validation.confidence[b]! - validation.confidence[a]!,
  );
  const list: Candidate[] = [];
  let [batchAccepted, validationAccepted, validationErrors, expectedErrors] = [0, 0, 0, 0];
  for (const size of candidateSizes(batch.length, target, earlier)) {
    const threshold = batch[size - 1]!;
    if (list.length > 0 && threshold === list.at(-1)!.threshold) continue; // a run of ties
    while (batchAccepted < batch.length && batch[batchAccepted]! >= threshold) batchAccepted++;
    for (; validationAccepted < order.length; validationAccepted++) {
      const row = order[validationAccepted]!;
      if (validation.confidence[row]! < threshold) break;
      if (!validation.correct[row]) validationErrors++;
      expectedErrors += 1 - validation.confidence[row]!;
    }
    list.push({ threshold, batchAccepted, validationAccepted, validationErrors, expectedErrors });
  }
  return list;
}

/**
 * The lowest threshold the fixed-sequence test certifies for this batch, given what the run's
 * earlier rounds accepted (see the file's comment).
 */
export function certifyThreshold(
  validation: ScoredValidation,
  batchConfidence: ArrayLike<number>,
  targetError: number,
  delta: number,
  earlier: readonly AcceptedRound[] = [],
): CertifiedThreshold {
  const earlierAccepted = earlier.reduce((sum, round) => sum + round.batchAccepted, 0);
  const bound = (errors: number, candidate: Candidate): number =>
    cumulativeWrongBound([...earlier, { ...candidate, validationErrors: errors }], delta);
  const passes = (errors: number, candidate: Candidate): boolean =>
    candidate.validationAccepted > 0 &&
    bound(errors, candidate) <= allowance(targetError, earlierAccepted + candidate.batchAccepted);
  const list = candidates(validation, batchConfidence, targetError, earlierAccepted);
  const likely = list.findIndex((candidate) => {
    const m = candidate.expectedErrors;
    return passes(Math.floor(m + 2 * Math.sqrt(m) + 1), candidate);
  });
  const start = likely >= 0 ? likely : list.findIndex((candidate) => passes(0, candidate));
  let chosen: Candidate | undefined;
  for (const candidate of start >= 0 ? list.slice(start) : []) {
    if (!passes(candidate.validationErrors, candidate)) break;
    chosen = candidate;
  }
  const startedWithoutErrors = likely < 0;
  if (chosen === undefined)
    return {
      threshold: null,
      validationAccepted: 0,
      validationErrors: 0,
      batchAccepted: 0,
      runAccepted: earlierAccepted,
      wrongBound: null,
      bound: null,
      startedWithoutErrors,
    };
  const wrongBound = bound(chosen.validationErrors, chosen);
  const runAccepted = earlierAccepted + chosen.batchAccepted;
  return {
    threshold: chosen.threshold,
    validationAccepted: chosen.validationAccepted,
    validationErrors: chosen.validationErrors,
    batchAccepted: chosen.batchAccepted,
    runAccepted,
    wrongBound,
    bound: wrongBound / runAccepted,
    startedWithoutErrors,
  };
}
