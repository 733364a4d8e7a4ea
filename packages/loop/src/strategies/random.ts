/**
 * The passive-learning baseline: a fixed share of each batch, picked at random, goes to humans;
 * the rest stays unlabelled. With rate 1 it is plain supervised learning, batch after batch.
 */
import { permutation } from '../random.js';
import { rowCount, type RoutingStrategy } from './routing.js';

export function randomStrategy(rate: number): RoutingStrategy {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('rate must be in [0, 1]');
  return {
    name: 'random',
    route(input) {
      const count = rowCount(input);
      const order = permutation(count, input.rng);
      const human = Math.round(rate * count);
      return {
        toHuman: order.slice(0, human).sort((a, b) => a - b),
        audited: [],
        autoAccepted: [],
        skipped: order.slice(human).sort((a, b) => a - b),
      };
    },
  };
}
