// Consensus of several readings of one image, element by element, and whether they disagree
// beyond the researcher's thresholds (the image then goes to adjudication).
import {
  compareContours,
  consensusContour,
  prepareContour,
  surfaceDistances,
  type ConsensusContour,
  type ContourAgreement,
  type PreparedContour,
} from '@medlabel/agreement';
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
 * Cells along a side of the consensus grid at most, where the consensus cannot be traced from the
 * readers' outlines (rare: see consensusContour): 256 x 256 cells take a
 * few milliseconds (the contour is then within 1/256 of its extent, a quarter pixel for lesions
 * up to 64 px; cells are never under 0.25 px).
 */
export const CONSENSUS_CELLS_PER_SIDE = 256;
export const CONSENSUS_MIN_CELL_PX = 0.25;

const consensusOf = (contours: readonly (readonly Point[])[], simple = false) =>
  consensusContour(contours, {
    cellSize: CONSENSUS_MIN_CELL_PX,
    maxCellsPerSide: CONSENSUS_CELLS_PER_SIDE,
    simple,
  });

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
    const consensus = consensusOf(contours);
    return consensus ? [{ tool: element.tool, points: consensus.points }] : [];
  });
}

export interface ImageConsensus {
  /** the consensus contour, image pixels */
  readonly points: Point[];
  /** traced from the outlines (exact, or within a millionth of their extent) or on the grid */
  readonly exact: boolean;
  /** per reader: their contour against the consensus (mm with a spacing), or null */
  readonly readers: (ContourAgreement | null)[];
}

/**
 * A reader's contour against the consensus: Dice and IoU against the whole majority region where
 * it was traced from the outlines (its areas come with it, no polygon overlap to compute), else
 * against the grid's contour; distances to the consensus contour.
 */
function againstConsensus(
  contour: PreparedContour,
  shared: number | undefined,
  consensus: ConsensusContour,
  against: PreparedContour,
  [rowMm, columnMm]: PixelSpacing,
): ContourAgreement {
  if (!consensus.region || shared === undefined) return compareContours(contour, against);
  const intersection = shared * rowMm * columnMm;
  const union = contour.areaMm2 + consensus.region.area * rowMm * columnMm - intersection;
  const distances = surfaceDistances(contour.boundary, against.boundary);
  return {
    dice: (2 * intersection) / (union + intersection),
    iou: intersection / union,
    intersectionMm2: intersection,
    unionMm2: union,
    hausdorffMm: distances.hausdorff,
    meanSurfaceDistanceMm: distances.meanSurfaceDistance,
  };
}

/**
 * One image's consensus contour of the readers' valid contours (`prepared`, checked and in mm;
 * `outlines` the same in image pixels) and each of those readers against it. Null when fewer
 * than two readers outlined, no region has a majority, or the consensus encloses no area.
 */
export function imageConsensus(
  outlines: readonly (readonly Point[] | null)[],
  prepared: readonly (PreparedContour | null)[],
  spacing: PixelSpacing,
): ImageConsensus | null {
  const readers = prepared.flatMap((contour, reader) =>
    contour && outlines[reader] ? [reader] : [],
  );
  if (readers.length < 2) return null;
  const consensus = consensusOf(
    readers.map((reader) => outlines[reader]!),
    true,
  );
  if (!consensus) return null;
  let against: PreparedContour;
  try {
    // Traced from the outlines, the consensus is a region's boundary: it does not cross itself.
    against = prepareContour(consensus.points, spacing, 'consensus', { simple: consensus.exact });
  } catch {
    return null;
  }
  return {
    points: consensus.points,
    exact: consensus.exact,
    readers: prepared.map((contour, reader) => {
      const k = readers.indexOf(reader);
      return k < 0
        ? null
        : againstConsensus(contour!, consensus.region?.shared[k], consensus, against, spacing);
    }),
  };
}
