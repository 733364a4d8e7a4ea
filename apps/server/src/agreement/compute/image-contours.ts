// One image's contours of each polygon tool, compared: every pair of readers and each reader
// against the image's consensus. Pure and per image, so a study's images can be shared out
// between threads (contour-thread.ts) and the results put back in image order.
import {
  compareContours,
  prepareContour,
  type ContourAgreement,
  type PreparedContour,
} from '@medlabel/agreement';
import type { PixelSpacing } from '@medlabel/geometry';
import type { AnnotationPayload } from '@medlabel/schema';
import { imageConsensus } from './consensus.js';
import { contourOf } from './elements.js';

/** Every pair of reader indices i < j. */
export function pairsOf(readers: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < readers; i++) for (let j = i + 1; j < readers; j++) pairs.push([i, j]);
  return pairs;
}

export interface ImageContours {
  /** per pair of readers (pairsOf order): their agreement, or null where either has no valid contour */
  readonly pairs: (ContourAgreement | null)[];
  /** the image's consensus contour, or null where it has none */
  readonly consensus: {
    /** image pixels, flat (x0, y0, x1, y1, ...) */
    readonly points: number[];
    readonly exact: boolean;
    /** per reader: their contour against the consensus, or null */
    readonly readers: (ContourAgreement | null)[];
  } | null;
}

/** A reading's contour checked and indexed for all its comparisons; null when invalid. */
function prepared(points: readonly { x: number; y: number }[], spacing: PixelSpacing) {
  try {
    return prepareContour(points, spacing);
  } catch {
    return null; // crossing itself, or no area: left out
  }
}

/** One image's contours of one polygon tool; null when fewer than two readers outlined one. */
function imageContours(
  tool: string,
  readings: readonly (AnnotationPayload | null)[],
  spacing: PixelSpacing,
): ImageContours | null {
  const outlines = readings.map((p) => (p === null ? null : contourOf(tool, p)));
  const contours: (PreparedContour | null)[] = outlines.map(
    (points) => points && prepared(points, spacing),
  );
  if (contours.filter((c) => c !== null).length < 2) return null;
  const pairs = pairsOf(readings.length).map(([i, j]) => {
    const a = contours[i];
    const b = contours[j];
    return a && b ? compareContours(a, b) : null;
  });
  const consensus = imageConsensus(outlines, contours, spacing);
  if (!consensus) return { pairs, consensus: null };
  const points = new Array<number>(2 * consensus.points.length);
  consensus.points.forEach((p, k) => {
    points[2 * k] = p.x;
    points[2 * k + 1] = p.y;
  });
  return { pairs, consensus: { points, exact: consensus.exact, readers: consensus.readers } };
}

/** An image's contours of each of `tools` (polygon tool ids, in template order). */
export function contoursOfImage(
  tools: readonly string[],
  readings: readonly (AnnotationPayload | null)[],
  spacing: PixelSpacing,
): (ImageContours | null)[] {
  return tools.map((tool) => imageContours(tool, readings, spacing));
}
