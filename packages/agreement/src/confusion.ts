import { categoryIndex, pairedReadings, presentLabels, type Readings } from './readings.js';

/**
 * Counts of (first reader's label, second reader's label) over the images both read: row i,
 * column j counts images the first reader called categories[i] and the second categories[j].
 */
export function confusionMatrix(
  first: readonly (string | null)[],
  second: readonly (string | null)[],
  categories: readonly string[],
): number[][] {
  const indexOf = categoryIndex(categories);
  const matrix = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairedReadings(first, second)) matrix[indexOf(a)]![indexOf(b)]! += 1;
  return matrix;
}

/**
 * The share of agreeing reader pairs: per image, the fraction of pairs of its readers who gave the
 * same label, averaged over the images at least two readers read. For two readers this is the
 * plain fraction of images on which they agree. NaN when no image has two readings.
 */
export function percentAgreement(readings: Readings): number {
  let sum = 0;
  let images = 0;
  for (const row of readings) {
    const labels = presentLabels(row);
    const m = labels.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    let agreeingPairs = 0;
    for (const c of counts.values()) agreeingPairs += (c * (c - 1)) / 2;
    sum += agreeingPairs / ((m * (m - 1)) / 2);
    images += 1;
  }
  return images === 0 ? NaN : sum / images;
}
