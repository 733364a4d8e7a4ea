/** Builds a strategy from its name, as the CLI and experiment configs spell it. */
import { adaptiveThresholdStrategy } from './adaptive.js';
import { withAudit } from './audit.js';
import { randomStrategy } from './random.js';
import type { RoutingStrategy } from './routing.js';
import { thresholdStrategy } from './threshold.js';
import { uncertaintyStrategy } from './uncertainty.js';

export const STRATEGY_NAMES = [
  'threshold',
  'random',
  'least-confidence',
  'margin',
  'entropy',
  'adaptive',
] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface StrategyParams {
  /** For `threshold`. */
  readonly threshold: number;
  /** Share of each batch that `random` sends to humans. */
  readonly randomRate: number;
  /** How many samples per batch uncertainty sampling sends to humans. */
  readonly topK: number;
  /** Target auto-label error for `adaptive`. */
  readonly targetError: number;
  /** Share of auto-accepted samples audited by humans (threshold and adaptive). */
  readonly auditShare: number;
}

/** The parameters each strategy reads (runs of a strategy depend on these and no others). */
export const STRATEGY_PARAMETERS: Readonly<
  Record<StrategyName, readonly (keyof StrategyParams)[]>
> = {
  threshold: ['threshold', 'auditShare'],
  adaptive: ['targetError', 'auditShare'],
  random: ['randomRate'],
  'least-confidence': ['topK'],
  margin: ['topK'],
  entropy: ['topK'],
};

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

export function createStrategy(name: StrategyName, params: StrategyParams): RoutingStrategy {
  switch (name) {
    case 'threshold':
      return withAudit(thresholdStrategy(params.threshold), params.auditShare);
    case 'adaptive':
      return withAudit(
        adaptiveThresholdStrategy({ targetError: params.targetError }),
        params.auditShare,
      );
    case 'random':
      return randomStrategy(params.randomRate);
    case 'least-confidence':
    case 'margin':
    case 'entropy':
      return uncertaintyStrategy(name, params.topK);
  }
}
