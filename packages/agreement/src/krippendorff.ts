import { alphaFromCounts, labelCounts } from './label-counts.js';
import { presentLabels, type Readings } from './readings.js';

/**
 * Krippendorff's alpha for nominal labels, any number of readers, missing readings allowed
 * (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"): built from the coincidence
 * matrix of pairable values; images with fewer than two readings contribute nothing.
 */
export function krippendorffAlpha(readings: Readings): number {
  const categories = [...new Set(readings.flatMap(presentLabels))];
  return alphaFromCounts(labelCounts(readings, categories));
}
