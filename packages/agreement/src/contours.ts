import { isSelfIntersecting, pxToMm, type PixelSpacing, type Point } from '@medlabel/geometry';
import { boundaryOf, type Boundary } from './boundary.js';
import { overlapArea } from './overlap.js';
import { surfaceDistances } from './surface-distance.js';

export class ContourError extends Error {
  override name = 'ContourError';
}

export interface ContourAgreement {
  readonly dice: number;
  readonly iou: number;
  readonly intersectionMm2: number;
  readonly unionMm2: number;
  readonly hausdorffMm: number;
  readonly meanSurfaceDistanceMm: number;
}

/** A contour checked, mapped to mm and laid out once, for comparing with several others. */
export interface PreparedContour {
  readonly boundary: Boundary;
  readonly areaMm2: number;
}

/**
 * Checks a contour (in image pixels) and maps it to mm with the pixel spacing. `simple`: the
 * contour is known not to cross itself (a consensus contour traced from outlines), so that
 * check, the costliest, is skipped.
 */
export function prepareContour(
  contour: readonly Point[],
  spacing: PixelSpacing,
  which = 'first',
  { simple = false }: { readonly simple?: boolean } = {},
): PreparedContour {
  if (contour.length < 3) throw new ContourError(`the ${which} contour needs three vertices`);
  if (contour.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) {
    throw new ContourError(`the ${which} contour has a vertex that is not a finite number`);
  }
  if (!simple && isSelfIntersecting(contour)) {
    throw new ContourError(`the ${which} contour crosses itself`);
  }
  const boundary = boundaryOf(contour.map((p) => pxToMm(p, spacing)));
  if (boundary.area === 0) throw new ContourError(`the ${which} contour encloses no area`);
  return { boundary, areaMm2: boundary.area };
}

/** Agreement of two prepared contours (see contourAgreement). */
export function compareContours(a: PreparedContour, b: PreparedContour): ContourAgreement {
  const intersection = Math.min(overlapArea(a.boundary, b.boundary), a.areaMm2, b.areaMm2);
  const union = a.areaMm2 + b.areaMm2 - intersection;
  const distances = surfaceDistances(a.boundary, b.boundary);
  return {
    dice: (2 * intersection) / (a.areaMm2 + b.areaMm2),
    iou: intersection / union,
    intersectionMm2: intersection,
    unionMm2: union,
    hausdorffMm: distances.hausdorff,
    meanSurfaceDistanceMm: distances.meanSurfaceDistance,
  };
}

/**
 * Agreement of two readers' contours of the same structure: overlap of the filled regions (Dice,
 * IoU) and distances between the boundaries in mm. Contours are in image pixels; the pixel
 * spacing maps them to mm first, so unequal row and column spacings are handled.
 */
export function contourAgreement(
  first: readonly Point[],
  second: readonly Point[],
  spacing: PixelSpacing,
): ContourAgreement {
  return compareContours(
    prepareContour(first, spacing, 'first'),
    prepareContour(second, spacing, 'second'),
  );
}
