/** Helpers that slice and join row-major sample sets without copying more than needed. */
import type { LabeledSamples, Samples } from './classifier.js';

export function sampleSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The rows at the given indices, in that order. */
export function take(samples: Samples, indices: readonly number[]): Samples {
  const size = sampleSize(samples.shape);
  const values = new Float32Array(indices.length * size);
  indices.forEach((index, row) => {
    values.set(samples.values.subarray(index * size, (index + 1) * size), row * size);
  });
  return { shape: samples.shape, count: indices.length, values };
}

export function takeLabeled(samples: LabeledSamples, indices: readonly number[]): LabeledSamples {
  return {
    ...take(samples, indices),
    labels: Int32Array.from(indices, (index) => samples.labels[index]!),
  };
}

/** Concatenates sets of the same sample shape. */
export function concatLabeled(parts: readonly LabeledSamples[]): LabeledSamples {
  const first = parts[0];
  if (!first) throw new Error('nothing to concatenate');
  const count = parts.reduce((n, p) => n + p.count, 0);
  const size = sampleSize(first.shape);
  const values = new Float32Array(count * size);
  const labels = new Int32Array(count);
  let offset = 0;
  for (const part of parts) {
    if (sampleSize(part.shape) !== size) throw new Error('sample shapes differ');
    values.set(part.values, offset * size);
    labels.set(part.labels, offset);
    offset += part.count;
  }
  return { shape: first.shape, count, values, labels };
}

/** Index of the largest value of each row of a [count x classCount] matrix, and that value. */
export function argmaxRows(
  probabilities: Float32Array,
  classCount: number,
): { labels: Int32Array; confidence: Float32Array } {
  const count = probabilities.length / classCount;
  const labels = new Int32Array(count);
  const confidence = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let k = 1; k < classCount; k++) {
      if (probabilities[i * classCount + k]! > probabilities[i * classCount + best]!) best = k;
    }
    labels[i] = best;
    confidence[i] = probabilities[i * classCount + best]!;
  }
  return { labels, confidence };
}
