/**
 * Sends a share of the auto-accepted samples to humans as well, so the error of auto-labelling
 * can be measured in production where no ground truth exists.
 */
import { permutation } from '../random.js';
import type { RoutingStrategy } from './routing.js';

export function withAudit(strategy: RoutingStrategy, share: number): RoutingStrategy {
  if (!(share >= 0 && share <= 1)) throw new RangeError('audit share must be in [0, 1]');
  if (share === 0) return strategy;
  return {
    name: `${strategy.name}+audit`,
    route(input) {
      const routing = strategy.route(input);
      const order = permutation(routing.autoAccepted.length, input.rng);
      const picked = new Set(
        order
          .slice(0, Math.round(share * routing.autoAccepted.length))
          .map((i) => routing.autoAccepted[i]!),
      );
      const audited = [...routing.audited, ...picked].sort((a, b) => a - b);
      return {
        ...routing,
        toHuman: [...routing.toHuman, ...picked].sort((a, b) => a - b),
        audited,
        autoAccepted: routing.autoAccepted.filter((row) => !picked.has(row)),
      };
    },
  };
}
