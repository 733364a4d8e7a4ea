/**
 * Feature preparation for vector models: missing values (NaN) are replaced by the training
 * set's median of that feature, then every feature is centred and scaled to unit variance.
 */
import type { Samples } from '../classifier.js';
import { sampleSize } from '../samples.js';

export interface Standardizer {
  readonly medians: number[];
  readonly means: number[];
  readonly scales: number[];
}

export function fitStandardizer(samples: Samples): Standardizer {
  const size = sampleSize(samples.shape);
  const medians: number[] = [];
  const means: number[] = [];
  const scales: number[] = [];
  for (let f = 0; f < size; f++) {
    const column: number[] = [];
    for (let i = 0; i < samples.count; i++) {
      const v = samples.values[i * size + f]!;
      if (!Number.isNaN(v)) column.push(v);
    }
    column.sort((a, b) => a - b);
    const mid = column.length >> 1;
    const median =
      column.length === 0
        ? 0
        : column.length % 2
          ? column[mid]!
          : (column[mid - 1]! + column[mid]!) / 2;
    // Imputed values count at the median, as they will be seen after transform.
    const filled = samples.count - column.length;
    const mean = (column.reduce((a, b) => a + b, 0) + filled * median) / Math.max(1, samples.count);
    const variance =
      (column.reduce((a, v) => a + (v - mean) ** 2, 0) + filled * (median - mean) ** 2) /
      Math.max(1, samples.count);
    medians.push(median);
    means.push(mean);
    scales.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { medians, means, scales };
}

/** Imputed and standardised copy, as a Float64Array of [count x features]. */
export function standardize(samples: Samples, s: Standardizer): Float64Array {
  const size = s.means.length;
  if (sampleSize(samples.shape) !== size) throw new Error('feature count differs from training');
  const out = new Float64Array(samples.count * size);
  for (let i = 0; i < samples.count; i++) {
    for (let f = 0; f < size; f++) {
      const v = samples.values[i * size + f]!;
      out[i * size + f] = ((Number.isNaN(v) ? s.medians[f]! : v) - s.means[f]!) / s.scales[f]!;
    }
  }
  return out;
}
