import { fleissFromCounts, labelCounts } from './label-counts.js';
import type { Readings } from './readings.js';

/**
 * Fleiss' kappa for any number of readers. Images read by fewer than two readers are skipped;
 * where images have different numbers of readings, each image's agreement is over its own
 * readers and the category shares are pooled over all readings (the usual extension; with the
 * same number of readers everywhere it is Fleiss' 1971 statistic exactly).
 */
export function fleissKappa(readings: Readings, categories: readonly string[]): number {
  return fleissFromCounts(labelCounts(readings, categories));
}
