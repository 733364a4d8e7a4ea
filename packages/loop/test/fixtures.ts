/** Seeded synthetic data for the loop's tests: Gaussian blobs, one per class. */
import { createRng, type LabeledSamples, type Rng } from '../src/index.js';

export function gaussian(rng: Rng): number {
  // Box-Muller
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** `count` samples of `dims` features; class k is centred at `separation` along axis k mod dims. */
export function blobs(
  count: number,
  classCount: number,
  dims: number,
  separation: number,
  seed = 1,
): LabeledSamples {
  const rng = createRng(seed);
  const values = new Float32Array(count * dims);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classCount;
    labels[i] = label;
    for (let f = 0; f < dims; f++) {
      values[i * dims + f] = gaussian(rng) + (f === label % dims ? separation : 0);
    }
  }
  return { shape: [dims], count, values, labels };
}

/** Rows of probabilities from logits, optionally sharpened by `scale`. */
export function softmaxRows(logits: readonly number[][], scale = 1): Float32Array {
  const k = logits[0]!.length;
  const out = new Float32Array(logits.length * k);
  logits.forEach((row, i) => {
    const max = Math.max(...row.map((z) => z * scale));
    const exps = row.map((z) => Math.exp(z * scale - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, j) => (out[i * k + j] = e / sum));
  });
  return out;
}

/** Draws a class from each row of probabilities. */
export function sampleLabels(
  probabilities: Float32Array,
  classCount: number,
  rng: Rng,
): Int32Array {
  const count = probabilities.length / classCount;
  return Int32Array.from({ length: count }, (_, i) => {
    let u = rng.next();
    for (let k = 0; k < classCount; k++) {
      u -= probabilities[i * classCount + k]!;
      if (u < 0) return k;
    }
    return classCount - 1;
  });
}
