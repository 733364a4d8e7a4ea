/**
 * The loop's steps, one function each, so that a caller holding the loop's state elsewhere (the
 * platform keeps it in its database, across days of review) drives it round by round, and
 * `runLoop` (the CLI's generator) is the same steps in one process.
 */
import type { Classifier, FitProgress, LabeledSamples } from './classifier.js';
import { fitCalibrator, type CalibrationMethod, type Calibrator } from './calibration.js';
import { accuracy, confusionMatrix, expectedCalibrationError } from './metrics.js';
import type { Rng } from './random.js';
import { argmaxRows } from './samples.js';
import type { Routing, RoutingInput, RoutingStrategy } from './strategies/routing.js';

export interface TrainOptions {
  readonly calibration?: CalibrationMethod;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
  /** After each epoch, V's accuracy with the weights so far (classifiers that train in epochs). */
  readonly onValidation?: (epoch: number, validationAccuracy: number) => void;
}

/** A fitted classifier, its calibration on V and how it scores there. */
export interface TrainedModel {
  readonly classifier: Classifier;
  readonly calibrator: Calibrator;
  /** Calibrated probabilities on V, row-major [V.count x classCount]. */
  readonly validationProbabilities: Float32Array;
  readonly validationPredicted: Int32Array;
  readonly validationAccuracy: number;
  /** matrix[truth][predicted] on V. */
  readonly confusion: number[][];
  /** ECE on V before and after calibration. */
  readonly eceRaw: number;
  readonly eceCalibrated: number;
}

/** Fits `classifier` on the training set, then calibrates and measures it on V. */
export async function trainAndCalibrate(
  classifier: Classifier,
  training: LabeledSamples,
  validation: LabeledSamples,
  options: TrainOptions = {},
): Promise<TrainedModel> {
  const classCount = classifier.classCount;
  const onValidation = options.onValidation;
  await classifier.fit(training, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(onValidation
      ? {
          onEpochEnd: async (epoch: number) => {
            const probabilities = await classifier.predictProba(validation);
            onValidation(
              epoch,
              accuracy(argmaxRows(probabilities, classCount).labels, validation.labels),
            );
          },
        }
      : {}),
  });
  const raw = await classifier.predictProba(validation);
  const calibrator = fitCalibrator(
    options.calibration ?? 'temperature',
    raw,
    validation.labels,
    classCount,
  );
  const calibrated = calibrator.apply(raw);
  const predicted = argmaxRows(calibrated, classCount).labels;
  return {
    classifier,
    calibrator,
    validationProbabilities: calibrated,
    validationPredicted: predicted,
    validationAccuracy: accuracy(predicted, validation.labels),
    confusion: confusionMatrix(predicted, validation.labels, classCount),
    eceRaw: expectedCalibrationError(raw, validation.labels, classCount),
    eceCalibrated: expectedCalibrationError(calibrated, validation.labels, classCount),
  };
}

export interface RouteInput {
  /** Calibrated probabilities of the batch. */
  readonly probabilities: Float32Array;
  readonly classCount: number;
  readonly strategy: RoutingStrategy;
  readonly rng: Rng;
  /** The current model's calibrated probabilities on V and V's labels (adaptive routing). */
  readonly validation?: {
    readonly probabilities: Float32Array;
    readonly labels: ArrayLike<number>;
  };
  /** What the run's earlier rounds auto-accepted (adaptive routing bounds the run as a whole). */
  readonly earlier?: RoutingInput['earlier'];
}

export interface RoutedBatch {
  readonly predicted: Int32Array;
  readonly confidence: Float32Array;
  readonly routing: Routing;
}

/** Predicted class and confidence of every row, and who labels which row. */
export function routeBatch(input: RouteInput): RoutedBatch {
  const { labels: predicted, confidence } = argmaxRows(input.probabilities, input.classCount);
  const routing = input.strategy.route({
    probabilities: input.probabilities,
    classCount: input.classCount,
    rng: input.rng,
    ...(input.validation ? { validation: input.validation } : {}),
    ...(input.earlier ? { earlier: input.earlier } : {}),
  });
  return { predicted, confidence, routing };
}

/**
 * One image's label as a source gave it: `human` labels come from people, `model` from the loop,
 * `reference` from an adjudicated reference standard (a senior reader's decision).
 */
export interface LabelVote<Id> {
  readonly id: Id;
  readonly label: number;
  readonly source: 'human' | 'model' | 'reference';
}

export interface ResolveOptions {
  /**
   * 'first' (default): a tie between people's labels goes to the label given first;
   * 'consensus': a tie leaves the image out of training (its readers reached no consensus).
   */
  readonly ties?: 'first' | 'consensus';
}

/**
 * The training label of every sample: its reference standard where one was decided, else the
 * majority of its human labels (a tie as `ties` says), or the model's label when no person
 * labelled it. A person always wins over the model.
 */
export function resolveLabels<Id>(
  votes: Iterable<LabelVote<Id>>,
  { ties = 'first' }: ResolveOptions = {},
): Map<Id, { label: number; source: 'human' | 'model' }> {
  const human = new Map<Id, Map<number, number>>();
  const model = new Map<Id, number>();
  const reference = new Map<Id, number>();
  for (const vote of votes) {
    if (vote.source !== 'human') {
      (vote.source === 'model' ? model : reference).set(vote.id, vote.label);
      continue;
    }
    const counts = human.get(vote.id) ?? new Map<number, number>();
    counts.set(vote.label, (counts.get(vote.label) ?? 0) + 1);
    human.set(vote.id, counts);
  }
  const resolved = new Map<Id, { label: number; source: 'human' | 'model' }>();
  for (const [id, label] of reference) resolved.set(id, { label, source: 'human' });
  const undecided = new Set<Id>();
  for (const [id, counts] of human) {
    if (resolved.has(id)) continue;
    let best = -1;
    let bestCount = 0;
    let tied = false;
    // Map iteration follows insertion, so the first label given wins a tie.
    for (const [label, count] of counts) {
      if (count > bestCount) [best, bestCount, tied] = [label, count, false];
      else if (count === bestCount) tied = true;
    }
    if (tied && ties === 'consensus') undecided.add(id);
    else resolved.set(id, { label: best, source: 'human' });
  }
  for (const [id, label] of model)
    if (!resolved.has(id) && !undecided.has(id)) resolved.set(id, { label, source: 'model' });
  return resolved;
}

/**
 * Wilson score interval of a binomial proportion (`errors` of `n`), at z = 1.96 by default:
 * the audit's estimate of the error of auto-accepted labels. Sound at 0 errors and small n,
 * where the normal approximation collapses to [0, 0].
 */
export function wilsonInterval(
  errors: number,
  n: number,
  z = 1.96,
): { rate: number; low: number; high: number } {
  if (n === 0) return { rate: Number.NaN, low: 0, high: 1 };
  const p = errors / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
