// Physical units from DICOM Pixel Spacing (0028,0030): [row spacing, column spacing] in mm, i.e.
// the distance between the centres of adjacent rows (along y) and adjacent columns (along x).
import type { Point } from './point.js';
import { distance } from './point.js';
import { polylineLength } from './polyline.js';
import { polygonArea, polygonPerimeter } from './polygon.js';

export type PixelSpacing = readonly [rowSpacing: number, columnSpacing: number];

export function isValidPixelSpacing(spacing: readonly number[]): spacing is PixelSpacing {
  return spacing.length === 2 && spacing.every((s) => Number.isFinite(s) && s > 0);
}

/** A pixel position in millimetres from the image origin: x scales by columns, y by rows. */
export function pxToMm(p: Point, [rowSpacing, columnSpacing]: PixelSpacing): Point {
  return { x: p.x * columnSpacing, y: p.y * rowSpacing };
}

export function mmToPx(p: Point, [rowSpacing, columnSpacing]: PixelSpacing): Point {
  return { x: p.x / columnSpacing, y: p.y / rowSpacing };
}

/** Distance in mm; with unequal spacings the two axes scale differently, so map, then measure. */
export function distanceMm(a: Point, b: Point, spacing: PixelSpacing): number {
  return distance(pxToMm(a, spacing), pxToMm(b, spacing));
}

export function polylineLengthMm(points: readonly Point[], spacing: PixelSpacing): number {
  return polylineLength(points.map((p) => pxToMm(p, spacing)));
}

export function polygonPerimeterMm(points: readonly Point[], spacing: PixelSpacing): number {
  return polygonPerimeter(points.map((p) => pxToMm(p, spacing)));
}

/** Area in mm²: each pixel covers rowSpacing x columnSpacing. */
export function polygonAreaMm2(
  points: readonly Point[],
  [rowSpacing, columnSpacing]: PixelSpacing,
): number {
  return polygonArea(points) * rowSpacing * columnSpacing;
}
