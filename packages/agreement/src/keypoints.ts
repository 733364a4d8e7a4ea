import { distanceMm, type PixelSpacing, type Point } from '@medlabel/geometry';

/** Named keypoints of one reader on one image, in image pixels. */
export type Keypoints = Readonly<Record<string, Point>>;

/**
 * Distance in mm between two readers' placements of each named point both placed; a point only
 * one reader placed has no distance and is left out.
 */
export function keypointDistances(
  first: Keypoints,
  second: Keypoints,
  spacing: PixelSpacing,
): Record<string, number> {
  const distances: Record<string, number> = {};
  for (const [name, p] of Object.entries(first)) {
    const q = second[name];
    if (q !== undefined) distances[name] = distanceMm(p, q, spacing);
  }
  return distances;
}
