/**
 * Reproducible experiments: for every seed, one split shared by all strategies; every strategy
 * runs the loop on it with a simulated oracle; the same model trained on all labels of the
 * split gives the ceiling. Everything is measured against the held-out test set.
 */
import type { ClassifierFactory, FitProgress, LabeledSamples } from './classifier.js';
import { fitCalibrator, type CalibrationMethod } from './calibration.js';
import { runLoop, type LoopRound, type RetrainPolicy } from './loop.js';
import { accuracy, confusionMatrix, routingCurve, type RoutingCurvePoint } from './metrics.js';
import { simulatedOracle } from './oracle.js';
import { createRng, deriveSeed } from './random.js';
import { argmaxRows } from './samples.js';
import {
  splitDataset,
  splitSizesProblem,
  type Dataset,
  type Split,
  type SplitSizes,
} from './split.js';
import { manualShareBelow, modelAgreementAbove, type StoppingRule } from './stopping.js';
import { createStrategy, type StrategyName, type StrategyParams } from './strategies/registry.js';
import type { ErrorGuarantee } from './strategies/routing.js';
import { summarize, type ExperimentSummary } from './summary.js';

export interface ExperimentConfig extends SplitSizes {
  readonly dataset: Dataset;
  /** Name of the model, for the report. */
  readonly model: string;
  /** Builds the classifier factory for one seed (async: wasm backends load first). */
  readonly createFactory: (seed: number) => Promise<ClassifierFactory>;
  /**
   * The ceiling's own factory, e.g. with as many training steps as the loop's last model had in
   * all its rounds (a warm-started loop trains longer than one fit). Default: createFactory.
   */
  readonly createFullSupervisionFactory?: (seed: number) => Promise<ClassifierFactory>;
  readonly strategies: readonly StrategyName[];
  readonly strategyParams: StrategyParams;
  readonly seeds: readonly number[];
  readonly calibration: CalibrationMethod;
  readonly retrain: RetrainPolicy;
  readonly oracleErrorRate: number;
  /** Stop when the manual share stays under this for two batches. */
  readonly stopManualShare?: number;
  /** Stop when successive models agree on this share of V. */
  readonly stopAgreement?: number;
  readonly fullSupervision: boolean;
}

export interface RoundReport {
  readonly round: number;
  readonly trainingSize: number;
  readonly humanLabels: number;
  readonly autoAccepted: number;
  readonly autoAcceptedWrong: number;
  /** Human answers that changed the model's prediction. */
  readonly humanCorrected: number;
  readonly audited: number;
  readonly auditedWrong: number;
  readonly skipped: number;
  /** Share of the batch sent to humans; null for round 0. */
  readonly manualShare: number | null;
  readonly threshold: number | null;
  /**
   * Adaptive routing: the bound it certified for this batch's auto-accepted labels, or why none;
   * `autoAcceptedWrong / autoAccepted` is the observed error to hold against it.
   */
  readonly guarantee?: ErrorGuarantee;
  /** What other thresholds would have cost and risked on this batch; null for round 0. */
  readonly routingCurve: RoutingCurvePoint[] | null;
  readonly validationAccuracy: number;
  readonly testAccuracy: number;
  /** Test confusion matrix, [true class][predicted class]. */
  readonly testConfusion: number[][];
  readonly eceRaw: number;
  readonly eceCalibrated: number;
  readonly calibration: readonly number[];
  readonly agreement: number | null;
  readonly seconds: number;
  readonly stoppedBy: string | null;
}

export interface RunReport {
  readonly strategy: StrategyName;
  readonly seed: number;
  readonly rounds: RoundReport[];
}

export interface FullSupervisionReport {
  readonly seed: number;
  readonly trainingSize: number;
  readonly testAccuracy: number;
  readonly seconds: number;
}

export interface ExperimentReport {
  readonly model: string;
  readonly classNames: readonly string[];
  readonly sizes: SplitSizes;
  readonly strategyParams: StrategyParams;
  readonly calibration: CalibrationMethod;
  readonly oracleErrorRate: number;
  readonly runs: RunReport[];
  readonly fullSupervision: FullSupervisionReport[];
  readonly summary: ExperimentSummary;
}

export interface ExperimentEvents {
  readonly onRound?: (run: { strategy: StrategyName; seed: number }, round: RoundReport) => void;
  readonly onFullSupervision?: (report: FullSupervisionReport) => void;
  /** Training progress; round is -1 for full supervision. */
  readonly onProgress?: (
    run: { strategy: StrategyName | 'full'; seed: number; round: number },
    progress: FitProgress,
  ) => void;
  readonly signal?: AbortSignal;
}

export async function runExperiment(
  config: ExperimentConfig,
  events: ExperimentEvents = {},
): Promise<ExperimentReport> {
  const classCount = config.dataset.classNames.length;
  const sizesProblem = splitSizesProblem(config.dataset, config);
  if (sizesProblem) throw new RangeError(sizesProblem);
  const runs: RunReport[] = [];
  const fullSupervision: FullSupervisionReport[] = [];
  for (const seed of config.seeds) {
    const split = splitDataset(config.dataset, config, createRng(deriveSeed(seed, 'split')));
    const factory = await config.createFactory(seed);
    for (const strategy of config.strategies) {
      const rounds: RoundReport[] = [];
      const loop = runLoop({
        factory,
        classCount,
        initial: split.initial,
        validation: split.validation,
        batches: split.batches,
        oracle: simulatedOracle({
          truth: config.dataset.train.labels,
          classCount,
          errorRate: config.oracleErrorRate,
          rng: createRng(deriveSeed(seed, `oracle:${strategy}`)),
        }),
        strategy: createStrategy(strategy, config.strategyParams),
        rng: createRng(deriveSeed(seed, `route:${strategy}`)),
        calibration: config.calibration,
        retrain: config.retrain,
        stopping: stoppingRules(config),
        signal: events.signal,
        onProgress: (round, progress) => events.onProgress?.({ strategy, seed, round }, progress),
      });
      for await (const round of loop) {
        const report = await describeRound(
          round,
          split.test,
          config.dataset.train.labels,
          classCount,
        );
        rounds.push(report);
        events.onRound?.({ strategy, seed }, report);
      }
      runs.push({ strategy, seed, rounds });
    }
    if (config.fullSupervision) {
      const report = await trainFullySupervised(
        config.createFullSupervisionFactory
          ? await config.createFullSupervisionFactory(seed)
          : factory,
        split,
        classCount,
        config.calibration,
        seed,
        events,
      );
      fullSupervision.push(report);
      events.onFullSupervision?.(report);
    }
  }
  return {
    model: config.model,
    classNames: config.dataset.classNames,
    sizes: {
      test: config.test,
      validation: config.validation,
      initial: config.initial,
      batch: config.batch,
      batches: config.batches,
    },
    strategyParams: config.strategyParams,
    calibration: config.calibration,
    oracleErrorRate: config.oracleErrorRate,
    runs,
    fullSupervision,
    summary: summarize(runs, fullSupervision),
  };
}

function stoppingRules(config: ExperimentConfig): StoppingRule[] {
  const rules: StoppingRule[] = [];
  if (config.stopManualShare !== undefined) rules.push(manualShareBelow(config.stopManualShare));
  if (config.stopAgreement !== undefined) rules.push(modelAgreementAbove(config.stopAgreement));
  return rules;
}

async function evaluate(
  predict: (s: LabeledSamples) => Promise<Float32Array>,
  test: LabeledSamples,
  classCount: number,
): Promise<{ accuracy: number; confusion: number[][] }> {
  const predicted = argmaxRows(await predict(test), classCount).labels;
  return {
    accuracy: accuracy(predicted, test.labels),
    confusion: confusionMatrix(predicted, test.labels, classCount),
  };
}

async function describeRound(
  round: LoopRound,
  test: LabeledSamples,
  truth: Int32Array,
  classCount: number,
): Promise<RoundReport> {
  const batch = round.batch;
  const routing = batch?.routing;
  const wrongAuto = routing?.autoAccepted.filter(
    (row) => batch!.predicted[row] !== truth[batch!.ids[row]!],
  ).length;
  const corrected = routing?.toHuman.filter(
    (row, i) => batch!.answers[i] !== batch!.predicted[row],
  ).length;
  const tested = await evaluate(round.model.predictProba, test, classCount);
  return {
    round: round.round,
    trainingSize: round.trainingSize,
    humanLabels: round.humanLabels,
    autoAccepted: routing?.autoAccepted.length ?? 0,
    autoAcceptedWrong: wrongAuto ?? 0,
    humanCorrected: corrected ?? 0,
    audited: routing?.audited.length ?? 0,
    auditedWrong: round.auditedWrong ?? 0,
    skipped: routing?.skipped.length ?? 0,
    manualShare: round.manualShare ?? null,
    threshold: routing?.threshold ?? null,
    ...(routing?.guarantee ? { guarantee: routing.guarantee } : {}),
    routingCurve: batch
      ? routingCurve(
          batch.predicted,
          batch.confidence,
          Array.from(batch.ids, (id) => truth[id]!),
        )
      : null,
    validationAccuracy: round.validationAccuracy,
    testAccuracy: tested.accuracy,
    testConfusion: tested.confusion,
    eceRaw: round.eceRaw,
    eceCalibrated: round.eceCalibrated,
    calibration: round.model.calibrator.parameters,
    agreement: round.agreement ?? null,
    seconds: round.seconds,
    stoppedBy: round.stoppedBy ?? null,
  };
}

/** The ceiling: the same model on every label of the split, calibrated on V like the loop's. */
async function trainFullySupervised(
  factory: ClassifierFactory,
  split: Split,
  classCount: number,
  calibration: CalibrationMethod,
  seed: number,
  events: ExperimentEvents,
): Promise<FullSupervisionReport> {
  const started = performance.now();
  const data = split.fullyLabeled;
  const classifier = factory(classCount, data.shape);
  try {
    await classifier.fit(data, {
      signal: events.signal,
      onProgress: (progress) =>
        events.onProgress?.({ strategy: 'full', seed, round: -1 }, progress),
    });
    const validation = await classifier.predictProba(split.validation);
    const calibrator = fitCalibrator(calibration, validation, split.validation.labels, classCount);
    return {
      seed,
      trainingSize: data.count,
      testAccuracy: (
        await evaluate(
          async (s) => calibrator.apply(await classifier.predictProba(s)),
          split.test,
          classCount,
        )
      ).accuracy,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    classifier.dispose();
  }
}
