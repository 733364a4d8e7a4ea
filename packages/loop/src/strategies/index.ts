export type { ErrorGuarantee, Routing, RoutingInput, RoutingStrategy } from './routing.js';
export {
  certifyThreshold,
  cumulativeWrongBound,
  hypergeometricCdf,
  wrongLabelBound,
  type AcceptedRound,
  type CertifiedThreshold,
  type ScoredValidation,
} from './error-bound.js';
export { thresholdStrategy } from './threshold.js';
export { randomStrategy } from './random.js';
export { uncertaintyStrategy, uncertainty, type UncertaintyMeasure } from './uncertainty.js';
export { adaptiveThresholdStrategy, type AdaptiveOptions } from './adaptive.js';
export { withAudit } from './audit.js';
export {
  STRATEGY_NAMES,
  STRATEGY_PARAMETERS,
  createStrategy,
  isStrategyName,
  type StrategyName,
  type StrategyParams,
} from './registry.js';
