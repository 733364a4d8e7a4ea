/**
 * Seeding libsvm's random numbers. With probability estimates libsvm shuffles its internal
 * cross-validation folds with C's rand(), whose state lives in the wasm module's memory and is
 * shared by every SVM in the process, and libsvm-js exports no srand(). So an SVM's probabilities
 * depended on how many SVMs trained before it (the same seed gave 80.5%, 84.0% and 83.75% in
 * three runs of one process). The state is musl's: one 64-bit word, zero until the first rand(),
 * each call stepping it as state = 6364136223846793005 * state + 1. Its address is found once,
 * right after the module loads, by training a small probe and looking for the one word that
 * moved to a state of that sequence; writing a seed's state there before each training makes
 * the SVM a function of its seed.
 */
import type { SvmClass } from './libsvm-types.js';

const MULTIPLIER = 6364136223846793005n;
const MASK = (1n << 64n) - 1n;
/** More rand() calls than the probe can make. */
const PROBE_CALLS = 10_000;

/** The module's memory, read afresh each time: it is replaced when it grows. */
export type HeapReader = () => Uint8Array;

export interface LibsvmRandom {
  /** Sets rand()'s state from a seed, so the next training shuffles as that seed says. */
  seed(seed: number): void;
}

/** A small two-class problem; training it with probability estimates calls rand(). */
function trainProbe(SVM: SvmClass): void {
  const samples = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i)]);
  const svm = new SVM({
    type: SVM.SVM_TYPES.C_SVC,
    kernel: SVM.KERNEL_TYPES.RBF,
    probabilityEstimates: true,
    quiet: true,
  });
  svm.train(
    samples,
    samples.map((_, i) => i % 2),
  );
  svm.free();
}

/** Must run before anything else trains an SVM in this module instance. */
export function locateLibsvmRandom(SVM: SvmClass, heap: HeapReader): LibsvmRandom {
  const words = (): BigUint64Array => new BigUint64Array(heap().slice().buffer);
  const before = words();
  trainProbe(SVM);
  const after = words();
  const sequence = new Set<bigint>();
  let state = 0n;
  for (let i = 0; i < PROBE_CALLS; i++) {
    state = (MULTIPLIER * state + 1n) & MASK;
    // The first states (1, ...) are small numbers that other words hold as well.
    if (i >= 2) sequence.add(state);
  }
  const moved: number[] = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== before[i] && sequence.has(after[i]!)) moved.push(i);
  }
  if (moved.length !== 1) {
    throw new Error(
      `libsvm-js: found ${moved.length} candidates for rand()'s state, not one; the SVM cannot be seeded`,
    );
  }
  const index = moved[0]!;
  return {
    seed(seed) {
      // Any 64-bit state will do; spread small seeds over the word.
      new BigUint64Array(heap().buffer)[index] = (BigInt(seed) * 0x9e3779b97f4a7c15n + 1n) & MASK;
    },
  };
}
