// Consensus of several readings of one image, element by element, and whether they disagree
// beyond the researcher's thresholds (the image then goes to adjudication).
import { consensusContour } from '@medlabel/agreement';
import { distanceMm, type PixelSpacing, type Point } from '@medlabel/geometry';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { contourOf, elementsOf } from './elements.js';
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

/**
 * Cells along a side of the consensus grid at most, for one image's contours computed while a
 * request waits: 256 x 256 cells take a few milliseconds (the contour is then within 1/256 of
 * its extent, a quarter pixel for lesions up to 64 px).
 */
const CONSENSUS_CELLS_PER_SIDE = 256;

/**
 * The consensus contour of each polygon tool that two or more readings outlined: the majority
 * vote of their filled regions (`consensusContour`), a candidate reference for adjudication.
 */
export function consensusContours(
  definition: TemplateDefinition,
  payloads: readonly AnnotationPayload[],
): { tool: string; points: Point[] }[] {
  return elementsOf(definition).flatMap((element) => {
    if (element.kind !== 'contours') return [];
    const contours = payloads.flatMap((p) => {
      const contour = contourOf(element.tool, p);
      return contour ? [contour] : [];
    });
    if (contours.length < 2) return [];
    const points = consensusContour(contours, { maxCellsPerSide: CONSENSUS_CELLS_PER_SIDE });
    return points ? [{ tool: element.tool, points }] : [];
  });
}
