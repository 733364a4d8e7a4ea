export type * from './classifier.js';
export { createRng, deriveSeed, permutation, shuffled, type Rng } from './random.js';
export { argmaxRows, concatLabeled, sampleSize, take, takeLabeled } from './samples.js';
export {
  accuracy,
  confusionMatrix,
  expectedCalibrationError,
  routingCurve,
  ROUTING_CURVE_THRESHOLDS,
  type RoutingCurvePoint,
} from './metrics.js';
export {
  applyTemperature,
  fitCalibrator,
  fitSigmoid,
  fitTemperature,
  negativeLogLikelihood,
  type CalibrationMethod,
  type Calibrator,
} from './calibration.js';
export * from './strategies/index.js';
export {
  simulatedOracle,
  type LabelRequest,
  type Oracle,
  type SimulatedOracleOptions,
} from './oracle.js';
export { manualShareBelow, modelAgreementAbove, type StoppingRule } from './stopping.js';
export {
  runLoop,
  type BatchOutcome,
  type CalibratedModel,
  type LabelSource,
  type LoopOptions,
  type LoopRound,
  type RetrainPolicy,
  type UnlabeledBatch,
} from './loop.js';
export {
  resolveLabels,
  routeBatch,
  trainAndCalibrate,
  wilsonInterval,
  type LabelVote,
  type ResolveOptions,
  type RoutedBatch,
  type RouteInput,
  type TrainedModel,
  type TrainOptions,
} from './steps.js';
export {
  poolSize,
  splitDataset,
  splitSizesProblem,
  type Dataset,
  type Split,
  type SplitSizes,
} from './split.js';
export {
  runExperiment,
  type ExperimentConfig,
  type ExperimentEvents,
  type ExperimentReport,
  type FullSupervisionReport,
  type RoundReport,
  type RunReport,
} from './experiment.js';
export {
  labelsRandomNeeds,
  labelsToReach,
  randomBaselineCurve,
  type LabelCurvePoint,
  spread,
  summarize,
  type Comparison,
  type ExperimentSummary,
  type Spread,
  type StrategySummary,
  type RoutingCurveSummary,
} from './summary.js';
export * from './models/index.js';
