// One image's contours of a polygon tool, compared: every pair of readers and each reader
// against the image's consensus. Pure and per image: part of the image's summary.
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

/** What a study keeps of one comparison of two contours. */
export type ContourFigure = Pick<
  ContourAgreement,
  'dice' | 'iou' | 'hausdorffMm' | 'meanSurfaceDistanceMm'
>;

const figuresOf = (r: ContourAgreement): ContourFigure => ({
  dice: r.dice,
  iou: r.iou,
  hausdorffMm: r.hausdorffMm,
  meanSurfaceDistanceMm: r.meanSurfaceDistanceMm,
});

export interface ImageContours {
  /** per pair of readers (pairsOf order): their agreement, or null where either has no valid contour */
  readonly pairs: (ContourFigure | null)[];
  /** how the image's consensus contour was found and each reader against it; null: none */
  readonly consensus: {
    readonly exact: boolean;
    /** per reader: their contour against the consensus, or null */
    readonly readers: (ContourFigure | null)[];
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

/**
 * One image's contours of one polygon tool (`readings`: one per reader of the image), and its
 * consensus contour: image pixels, flat (x0, y0, x1, y1, ...), unrounded (outlines that coincide
 * are nudged apart by a millionth of their extent before tracing, see nudge.ts: rounding could
 * fold such a consensus onto itself). Null when fewer than two readers outlined one.
 */
export function imageContours(
  tool: string,
  readings: readonly AnnotationPayload[],
  spacing: PixelSpacing,
): { figures: ImageContours; outline: number[] | null } | null {
  const outlines = readings.map((p) => contourOf(tool, p));
  const contours: (PreparedContour | null)[] = outlines.map(
    (points) => points && prepared(points, spacing),
  );
  if (contours.filter((c) => c !== null).length < 2) return null;
  const pairs = pairsOf(readings.length).map(([i, j]) => {
    const a = contours[i];
    const b = contours[j];
    return a && b ? figuresOf(compareContours(a, b)) : null;
  });
  const consensus = imageConsensus(outlines, contours, spacing);
  if (!consensus) return { figures: { pairs, consensus: null }, outline: null };
  const points = new Array<number>(2 * consensus.points.length);
  consensus.points.forEach((p, k) => {
    points[2 * k] = p.x;
    points[2 * k + 1] = p.y;
  });
  const readers = consensus.readers.map((r) => r && figuresOf(r));
  return { figures: { pairs, consensus: { exact: consensus.exact, readers } }, outline: points };
}
