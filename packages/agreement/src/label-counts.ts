import { categoryIndex, presentLabels, ReadingsError, type Readings } from './readings.js';

/**
 * Per image read by at least two readers, how many readings gave each category: the form
 * Fleiss' kappa and Krippendorff's alpha are computed from, and cheap to resample.
 */
export interface LabelCounts {
  readonly categories: number;
  /** images x categories, row-major */
  readonly counts: Int32Array;
  /** readings per image */
  readonly readings: Int32Array;
}

/** The count table of a readings table; images with fewer than two readings are left out. */
export function labelCounts(readings: Readings, categories: readonly string[]): LabelCounts {
  const indexOf = categoryIndex(categories);
  const k = categories.length;
  const rows = readings.map(presentLabels).filter((labels) => labels.length >= 2);
  const counts = new Int32Array(rows.length * k);
  const perImage = new Int32Array(rows.length);
  rows.forEach((labels, i) => {
    for (const label of labels) counts[i * k + indexOf(label)]! += 1;
    perImage[i] = labels.length;
  });
  return { categories: k, counts, readings: perImage };
}

/** Every image once, in order: the identity sample. */
const everyImage = (table: LabelCounts) => table.readings.map((_, i) => i);

/**
 * Fleiss' kappa from a count table, over the images in `sample` (indices, repeats allowed;
 * default every image once).
 */
export function fleissFromCounts(
  table: LabelCounts,
  sample: ArrayLike<number> = everyImage(table),
): number {
  const k = table.categories;
  const totals = new Float64Array(k);
  let totalReadings = 0;
  let agreementSum = 0;
  for (let s = 0; s < sample.length; s++) {
    const i = sample[s]!;
    const m = table.readings[i]!;
    let pairs = 0;
    for (let j = 0; j < k; j++) {
      const c = table.counts[i * k + j]!;
      pairs += c * (c - 1);
      totals[j]! += c;
    }
    agreementSum += pairs / (m * (m - 1));
    totalReadings += m;
  }
  if (sample.length === 0) throw new ReadingsError('no image was read by two readers');
  const observed = agreementSum / sample.length;
  let expected = 0;
  for (let j = 0; j < k; j++) expected += (totals[j]! / totalReadings) ** 2;
  return (observed - expected) / (1 - expected);
}

/** Krippendorff's alpha (nominal) from a count table, over the images in `sample`. */
export function alphaFromCounts(
  table: LabelCounts,
  sample: ArrayLike<number> = everyImage(table),
): number {
  const k = table.categories;
  const occurrences = new Float64Array(k);
  let pairable = 0;
  let agreeing = 0;
  for (let s = 0; s < sample.length; s++) {
    const i = sample[s]!;
    const m = table.readings[i]!;
    for (let j = 0; j < k; j++) {
      const c = table.counts[i * k + j]!;
      occurrences[j]! += c;
      agreeing += (c * (c - 1)) / (m - 1);
    }
    pairable += m;
  }
  if (pairable === 0) throw new ReadingsError('no image was read by two readers');
  let expectedAgreeing = 0;
  for (let j = 0; j < k; j++) expectedAgreeing += occurrences[j]! * (occurrences[j]! - 1);
  const observedDisagreement = pairable - agreeing;
  const expectedDisagreement = (pairable * (pairable - 1) - expectedAgreeing) / (pairable - 1);
  return 1 - observedDisagreement / expectedDisagreement;
}
