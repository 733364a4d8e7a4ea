import { distance, type Point } from './point.js';
import { distanceToSegment } from './segment.js';

/** Sum of the segment lengths of an open line; 0 for fewer than two points. */
export function polylineLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += distance(points[i - 1]!, points[i]!);
  return length;
}

/** Distance from p to the nearest edge of a line (closed: the last point joins the first). */
export function distanceToPolyline(p: Point, points: readonly Point[], closed: boolean): number {
  if (points.length === 0) return Infinity;
  if (points.length === 1) return distance(p, points[0]!);
  let best = Infinity;
  const edges = closed ? points.length : points.length - 1;
  for (let i = 0; i < edges; i++) {
    best = Math.min(best, distanceToSegment(p, points[i]!, points[(i + 1) % points.length]!));
  }
  return best;
}
