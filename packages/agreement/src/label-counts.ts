import { categoryIndex, presentLabels, ReadingsError, type Readings } from './readings.js';

/**
 * Per image read by at least two readers, how many readings gave each category: the form
 * Fleiss' kappa and Krippendorff's alpha are computed from, and cheap to resample. Images that
 * read alike (the same count in every category) share a pattern: a statistic over a resample
 * of images tallies the patterns drawn, then works per pattern (a few, for a few readers and
 * categories) instead of per image.
 */
export interface LabelCounts {
  readonly categories: number;
  /** images x categories, row-major */
  readonly counts: Int32Array;
  /** readings per image */
  readonly readings: Int32Array;
  /** each image's pattern, and per pattern its counts (patterns x categories) and readings */
  readonly patternOf: Int32Array;
  readonly patternCounts: Int32Array;
  readonly patternReadings: Int32Array;
}

/** The count table of a readings table; images with fewer than two readings are left out. */
export function labelCounts(readings: Readings, categories: readonly string[]): LabelCounts {
  const indexOf = categoryIndex(categories);
  const k = categories.length;
  const rows = readings.map(presentLabels).filter((labels) => labels.length >= 2);
  const counts = new Int32Array(rows.length * k);
  const perImage = new Int32Array(rows.length);
  const patternOf = new Int32Array(rows.length);
  const patterns = new Map<string, number>();
  rows.forEach((labels, i) => {
    for (const label of labels) counts[i * k + indexOf(label)]! += 1;
    perImage[i] = labels.length;
    const key = counts.subarray(i * k, (i + 1) * k).join(',');
    const known = patterns.get(key);
    patternOf[i] = known ?? patterns.size;
    if (known === undefined) patterns.set(key, patterns.size);
  });
  const patternCounts = new Int32Array(patterns.size * k);
  const patternReadings = new Int32Array(patterns.size);
  patternOf.forEach((p, i) => {
    patternCounts.set(counts.subarray(i * k, (i + 1) * k), p * k);
    patternReadings[p] = perImage[i]!;
  });
  return {
    categories: k,
    counts,
    readings: perImage,
    patternOf,
    patternCounts,
    patternReadings,
  };
}

/** How often each pattern is drawn in `sample` (indices of images, repeats allowed; default
 * every image once). */
function patternWeights(table: LabelCounts, sample: ArrayLike<number> | undefined): number[] {
  // Plain arrays in these per-resample scratches: small typed arrays' buffers live off the heap.
  const weights = new Array<number>(table.patternReadings.length).fill(0);
  const { patternOf } = table;
  if (sample === undefined) {
    for (let i = 0; i < patternOf.length; i++) weights[patternOf[i]!]! += 1;
  } else {
    for (let s = 0; s < sample.length; s++) weights[patternOf[sample[s]!]!]! += 1;
  }
  return weights;
}

/**
 * Fleiss' kappa from a count table, over the images in `sample` (indices, repeats allowed;
 * default every image once).
 */
export function fleissFromCounts(table: LabelCounts, sample?: ArrayLike<number>): number {
  const k = table.categories;
  const weights = patternWeights(table, sample);
  const totals = new Array<number>(k).fill(0);
  let totalReadings = 0;
  let agreementSum = 0;
  let images = 0;
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    if (w === 0) continue;
    const m = table.patternReadings[p]!;
    let pairs = 0;
    for (let j = 0; j < k; j++) {
      const c = table.patternCounts[p * k + j]!;
      pairs += c * (c - 1);
      totals[j]! += w * c;
    }
    agreementSum += (w * pairs) / (m * (m - 1));
    totalReadings += w * m;
    images += w;
  }
  if (images === 0) throw new ReadingsError('no image was read by two readers');
  const observed = agreementSum / images;
  let expected = 0;
  for (let j = 0; j < k; j++) expected += (totals[j]! / totalReadings) ** 2;
  return (observed - expected) / (1 - expected);
}

/** Krippendorff's alpha (nominal) from a count table, over the images in `sample`. */
export function alphaFromCounts(table: LabelCounts, sample?: ArrayLike<number>): number {
  const k = table.categories;
  const weights = patternWeights(table, sample);
  const occurrences = new Array<number>(k).fill(0);
  let pairable = 0;
  let agreeing = 0;
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    if (w === 0) continue;
    const m = table.patternReadings[p]!;
    for (let j = 0; j < k; j++) {
      const c = table.patternCounts[p * k + j]!;
      occurrences[j]! += w * c;
      agreeing += (w * (c * (c - 1))) / (m - 1);
    }
    pairable += w * m;
  }
  if (pairable === 0) throw new ReadingsError('no image was read by two readers');
  let expectedAgreeing = 0;
  for (let j = 0; j < k; j++) expectedAgreeing += occurrences[j]! * (occurrences[j]! - 1);
  const observedDisagreement = pairable - agreeing;
  const expectedDisagreement = (pairable * (pairable - 1) - expectedAgreeing) / (pairable - 1);
  return 1 - observedDisagreement / expectedDisagreement;
}
