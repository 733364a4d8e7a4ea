/**
 * The semi-automatic labelling loop. Train M0 on D0; for each unlabelled batch: predict,
 * calibrate on V, route (auto-accept / human / skip), ask the oracle, merge the labelled batch
 * into the training set, retrain, measure on V. Each round is yielded as soon as it is done, so
 * a caller can evaluate the current model (e.g. on a test set) before the next round starts.
 */
import type {
  Classifier,
  ClassifierFactory,
  FitProgress,
  LabeledSamples,
  Samples,
} from './classifier.js';
import type { CalibrationMethod, Calibrator } from './calibration.js';
import { accuracy } from './metrics.js';
import type { Oracle } from './oracle.js';
import type { Rng } from './random.js';
import { concatLabeled, take } from './samples.js';
import { routeBatch, trainAndCalibrate } from './steps.js';
import type { StoppingRule } from './stopping.js';
import type { Routing, RoutingStrategy } from './strategies/routing.js';

export interface UnlabeledBatch {
  /** Dataset ids of the samples, used by the oracle. */
  readonly ids: Int32Array;
  readonly samples: Samples;
}

/** scratch: a fresh classifier each round; warm: fit the same one again; auto: warm if it can. */
export type RetrainPolicy = 'scratch' | 'warm' | 'auto';

export interface LoopOptions {
  readonly factory: ClassifierFactory;
  readonly classCount: number;
  /** D0, labelled by humans. */
  readonly initial: LabeledSamples;
  /** V, the fixed validation set: calibration and model selection only, never trained on. */
  readonly validation: LabeledSamples;
  readonly batches: Iterable<UnlabeledBatch>;
  readonly oracle: Oracle;
  readonly strategy: RoutingStrategy;
  /** The strategy's random stream. */
  readonly rng: Rng;
  readonly calibration?: CalibrationMethod;
  readonly retrain?: RetrainPolicy;
  readonly stopping?: readonly StoppingRule[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (round: number, progress: FitProgress) => void;
}

export interface BatchOutcome {
  readonly ids: Int32Array;
  /** The model's (calibrated) prediction for every sample of the batch. */
  readonly predicted: Int32Array;
  readonly confidence: Float32Array;
  readonly routing: Routing;
  /** Human answers, aligned with routing.toHuman. */
  readonly answers: Int32Array;
  /** Batch rows that entered the training set, the labels they entered with, and who gave them. */
  readonly mergedRows: readonly number[];
  readonly mergedLabels: Int32Array;
  readonly mergedSources: readonly LabelSource[];
}

/** Who labelled a sample: the model (auto-accepted) or a human (hard case or audit). */
export type LabelSource = 'model' | 'human';

/** A trained model with its calibration, valid until the loop resumes. */
export interface CalibratedModel {
  readonly classifier: Classifier;
  readonly calibrator: Calibrator;
  readonly predictProba: (samples: Samples) => Promise<Float32Array>;
}

export interface LoopRound {
  /** 0 is the model trained on D0. */
  readonly round: number;
  readonly trainingSize: number;
  /** Human labels so far, D0 included (V not included). */
  readonly humanLabels: number;
  readonly batch?: BatchOutcome;
  /** Share of the batch sent to humans. */
  readonly manualShare?: number;
  /** Audited samples whose human label differed from the model's. */
  readonly auditedWrong?: number;
  readonly validationAccuracy: number;
  /** ECE on V before and after calibration. */
  readonly eceRaw: number;
  readonly eceCalibrated: number;
  /** Share of V on which this model and the previous one predict the same class. */
  readonly agreement?: number;
  readonly model: CalibratedModel;
  /** Wall time of this round: predict, route, label, train, calibrate. */
  readonly seconds: number;
  readonly stoppedBy?: string;
}

export async function* runLoop(options: LoopOptions): AsyncGenerator<LoopRound, void, undefined> {
  const { classCount, validation, strategy, oracle, signal } = options;
  const calibration = options.calibration ?? 'temperature';
  const history: LoopRound[] = [];
  let training = options.initial;
  let humanLabels = training.count;
  let classifier: Classifier | undefined;
  let previousValidation: Int32Array | undefined;
  /** The current model's calibrated probabilities on V, for strategies that check against V. */
  let validationProbabilities: Float32Array | undefined;

  const train = async (
    round: number,
  ): Promise<Omit<LoopRound, 'round' | 'humanLabels' | 'seconds'>> => {
    const policy = options.retrain ?? 'auto';
    const keep =
      classifier && policy !== 'scratch' && (policy === 'warm' || classifier.warmStart === true);
    if (!keep) {
      classifier?.dispose();
      classifier = options.factory(classCount, training.shape);
    }
    const trained = await trainAndCalibrate(classifier!, training, validation, {
      calibration,
      ...(signal ? { signal } : {}),
      ...(options.onProgress
        ? { onProgress: (progress: FitProgress) => options.onProgress!(round, progress) }
        : {}),
    });
    validationProbabilities = trained.validationProbabilities;
    const predicted = trained.validationPredicted;
    const agreement = previousValidation && accuracy(predicted, previousValidation);
    previousValidation = predicted;
    const { classifier: model, calibrator } = trained;
    return {
      trainingSize: training.count,
      validationAccuracy: trained.validationAccuracy,
      eceRaw: trained.eceRaw,
      eceCalibrated: trained.eceCalibrated,
      ...(agreement === undefined ? {} : { agreement }),
      model: {
        classifier: model,
        calibrator,
        predictProba: async (samples) => calibrator.apply(await model.predictProba(samples)),
      },
    };
  };

  const finish = (round: LoopRound): LoopRound => {
    history.push(round);
    const rule = options.stopping?.find((r) => r.shouldStop(history));
    if (rule) history[history.length - 1] = { ...round, stoppedBy: rule.name };
    return history.at(-1)!;
  };

  try {
    let started = performance.now();
    const first = finish({
      round: 0,
      humanLabels,
      ...(await train(0)),
      seconds: (performance.now() - started) / 1000,
    });
    yield first;
    if (first.stoppedBy) return;

    let round = 0;
    for (const batch of options.batches) {
      signal?.throwIfAborted();
      round++;
      started = performance.now();
      const probabilities = await history.at(-1)!.model.predictProba(batch.samples);
      const { predicted, confidence, routing } = routeBatch({
        probabilities,
        classCount,
        strategy,
        rng: options.rng,
        validation: { probabilities: validationProbabilities!, labels: validation.labels },
        earlier: history.flatMap((done) => done.batch?.routing.guarantee?.accepted ?? []),
      });
      const answers = await oracle.label(
        routing.toHuman.map((row) => ({
          id: batch.ids[row]!,
          predicted: predicted[row]!,
          confidence: confidence[row]!,
        })),
      );
      const outcome = mergeBatch(batch, predicted, confidence, routing, answers);
      training = concatLabeled([
        training,
        { ...take(batch.samples, outcome.mergedRows), labels: outcome.mergedLabels },
      ]);
      humanLabels += routing.toHuman.length;
      const audited = new Set(routing.audited);
      const auditedWrong = routing.toHuman.filter(
        (row, i) => audited.has(row) && answers[i] !== predicted[row],
      ).length;
      const trained = await train(round);
      const done = finish({
        round,
        humanLabels,
        batch: outcome,
        manualShare: routing.toHuman.length / batch.samples.count,
        auditedWrong,
        ...trained,
        seconds: (performance.now() - started) / 1000,
      });
      yield done;
      if (done.stoppedBy) return;
    }
  } finally {
    classifier?.dispose();
  }
}

/** Human answers override predictions; auto-accepted rows keep the model's label. */
function mergeBatch(
  batch: UnlabeledBatch,
  predicted: Int32Array,
  confidence: Float32Array,
  routing: Routing,
  answers: Int32Array,
): BatchOutcome {
  const labelOf = new Map<number, { label: number; source: LabelSource }>();
  routing.autoAccepted.forEach((row) =>
    labelOf.set(row, { label: predicted[row]!, source: 'model' }),
  );
  routing.toHuman.forEach((row, i) => labelOf.set(row, { label: answers[i]!, source: 'human' }));
  const mergedRows = [...labelOf.keys()].sort((a, b) => a - b);
  return {
    ids: batch.ids,
    predicted,
    confidence,
    routing,
    answers,
    mergedRows,
    mergedLabels: Int32Array.from(mergedRows, (row) => labelOf.get(row)!.label),
    mergedSources: mergedRows.map((row) => labelOf.get(row)!.source),
  };
}
