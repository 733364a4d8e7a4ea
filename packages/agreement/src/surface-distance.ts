// Distances between two contours' boundaries, with the boundaries sampled at a fixed step: every
// edge is cut into ceil(length / step) equal pieces. The Hausdorff distance takes the largest
// distance from a piece end (vertices included) to the other boundary, so it is at most step / 2
// below the exact value; the mean takes each piece's midpoint weighted by its length (the
// midpoint rule for the mean over the boundary). Distances to the other boundary are exact.
import { distance, distanceToPolyline, type Point } from '@medlabel/geometry';

export interface SurfaceDistances {
  /** Symmetric Hausdorff distance: the larger of the two directed ones. */
  readonly hausdorff: number;
  /** Mean distance from the first boundary to the second, and from the second to the first. */
  readonly meanFirstToSecond: number;
  readonly meanSecondToFirst: number;
  /** The average of the two directed means (average symmetric surface distance). */
  readonly meanSurfaceDistance: number;
}

interface Directed {
  readonly max: number;
  readonly mean: number;
}

function directed(from: readonly Point[], to: readonly Point[], step: number): Directed {
  let max = 0;
  let weighted = 0;
  let perimeter = 0;
  for (let i = 0; i < from.length; i++) {
    const a = from[i]!;
    const b = from[(i + 1) % from.length]!;
    const length = distance(a, b);
    const pieces = Math.max(1, Math.ceil(length / step));
    for (let s = 0; s < pieces; s++) {
      const end = { x: a.x + ((b.x - a.x) * s) / pieces, y: a.y + ((b.y - a.y) * s) / pieces };
      const mid = {
        x: a.x + ((b.x - a.x) * (s + 0.5)) / pieces,
        y: a.y + ((b.y - a.y) * (s + 0.5)) / pieces,
      };
      max = Math.max(max, distanceToPolyline(end, to, true));
      weighted += (length / pieces) * distanceToPolyline(mid, to, true);
    }
    perimeter += length;
  }
  return { max, mean: perimeter === 0 ? 0 : weighted / perimeter };
}

/** Boundary distances between two closed polygons, in their units, sampled every `step`. */
export function surfaceDistances(
  first: readonly Point[],
  second: readonly Point[],
  step: number,
): SurfaceDistances {
  const ab = directed(first, second, step);
  const ba = directed(second, first, step);
  return {
    hausdorff: Math.max(ab.max, ba.max),
    meanFirstToSecond: ab.mean,
    meanSecondToFirst: ba.mean,
    meanSurfaceDistance: (ab.mean + ba.mean) / 2,
  };
}
