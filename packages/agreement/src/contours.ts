import {
  isSelfIntersecting,
  polygonArea,
  pxToMm,
  type PixelSpacing,
  type Point,
} from '@medlabel/geometry';
import { intersectionArea } from './overlap.js';
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

export interface ContourOptions {
  /** Boundary sampling step for the distances, in mm (default 0.1 mm). */
  readonly stepMm?: number;
}

function toMm(contour: readonly Point[], spacing: PixelSpacing, which: string): Point[] {
  if (contour.length < 3) throw new ContourError(`the ${which} contour needs three vertices`);
  if (contour.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) {
    throw new ContourError(`the ${which} contour has a vertex that is not a finite number`);
  }
  if (isSelfIntersecting(contour)) throw new ContourError(`the ${which} contour crosses itself`);
  return contour.map((p) => pxToMm(p, spacing));
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
  { stepMm = 0.1 }: ContourOptions = {},
): ContourAgreement {
  if (!(stepMm > 0)) throw new ContourError('the sampling step must be positive');
  const a = toMm(first, spacing, 'first');
  const b = toMm(second, spacing, 'second');
  const areaA = polygonArea(a);
  const areaB = polygonArea(b);
  if (areaA === 0 || areaB === 0) throw new ContourError('a contour encloses no area');
  const intersection = Math.min(intersectionArea(a, b), areaA, areaB);
  const union = areaA + areaB - intersection;
  const distances = surfaceDistances(a, b, stepMm);
  return {
    dice: (2 * intersection) / (areaA + areaB),
    iou: intersection / union,
    intersectionMm2: intersection,
    unionMm2: union,
    hausdorffMm: distances.hausdorff,
    meanSurfaceDistanceMm: distances.meanSurfaceDistance,
  };
}
