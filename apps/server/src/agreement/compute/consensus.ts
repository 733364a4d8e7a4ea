// Consensus of several readings of one image, element by element, and whether they disagree
// beyond the researcher's thresholds (the image then goes to adjudication).
import { distanceMm, type PixelSpacing, type Point } from '@medlabel/geometry';
import type { Thresholds } from './report.js';

/** The label most readings gave; null on a tie for the most (no majority). */
export function majorityLabel(labels: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  let tied = false;
  for (const [label, count] of counts) {
    if (count > bestCount) [best, bestCount, tied] = [label, count, false];
    else if (count === bestCount) tied = true;
  }
  return tied ? null : best;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Why the numbers of one image disagree beyond the threshold, or null. */
export function measurementDisagreement(
  values: readonly number[],
  thresholds: Thresholds,
): string | null {
  if (values.length < 2) return null;
  const spread = Math.max(...values) - Math.min(...values);
  const middle = Math.abs(median(values));
  const relative = middle === 0 ? (spread === 0 ? 0 : Infinity) : spread / middle;
  return relative > thresholds.maxRelativeDifference
    ? `differ by ${(relative * 100).toFixed(0)}% of the median`
    : null;
}

/** Largest distance between readers' placements of one point. */
export function largestSpread(points: readonly Point[], spacing: PixelSpacing | null): number {
  let worst = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      worst = Math.max(worst, distanceMm(points[i]!, points[j]!, spacing ?? [1, 1]));
    }
  }
  return worst;
}
