import { categoryIndex, presentLabels, ReadingsError, type Readings } from './readings.js';

/**
 * Fleiss' kappa for any number of readers. Images read by fewer than two readers are skipped;
 * where images have different numbers of readings, each image's agreement is over its own
 * readers and the category shares are pooled over all readings (the usual extension; with the
 * same number of readers everywhere it is Fleiss' 1971 statistic exactly).
 */
export function fleissKappa(readings: Readings, categories: readonly string[]): number {
  const indexOf = categoryIndex(categories);
  const totals = categories.map(() => 0);
  let totalReadings = 0;
  let agreementSum = 0;
  let images = 0;
  for (const row of readings) {
    const labels = presentLabels(row);
    const m = labels.length;
    if (m < 2) continue;
    const counts = categories.map(() => 0);
    for (const label of labels) counts[indexOf(label)]! += 1;
    agreementSum += counts.reduce((s, c) => s + c * (c - 1), 0) / (m * (m - 1));
    counts.forEach((c, j) => (totals[j]! += c));
    totalReadings += m;
    images += 1;
  }
  if (images === 0) throw new ReadingsError('no image was read by two readers');
  const observed = agreementSum / images;
  const expected = totals.reduce((s, t) => s + (t / totalReadings) ** 2, 0);
  return (observed - expected) / (1 - expected);
}
