/** Rules that end the loop before the batches run out. */
import type { LoopRound } from './loop.js';

export interface StoppingRule {
  readonly name: string;
  /** Called after every round with all rounds so far; true ends the loop. */
  shouldStop(history: readonly LoopRound[]): boolean;
}

/** The manual share of the last `rounds` batches was under the target. */
export function manualShareBelow(target: number, rounds = 2): StoppingRule {
  return {
    name: `manual share < ${target} for ${rounds} batches`,
    shouldStop(history) {
      const recent = history.filter((r) => r.manualShare !== undefined).slice(-rounds);
      return recent.length === rounds && recent.every((r) => r.manualShare! < target);
    },
  };
}

/** Successive models agree on at least `target` of the validation set's predictions. */
export function modelAgreementAbove(target: number): StoppingRule {
  return {
    name: `model agreement >= ${target}`,
    shouldStop(history) {
      const last = history.at(-1);
      return last?.agreement !== undefined && last.agreement >= target;
    },
  };
}
