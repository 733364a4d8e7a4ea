import type { Point, Shape, VertexRef } from './types.js';
import { distance, distanceToSegment, pointInPolygon } from '@medlabel/geometry';

/** The nearest vertex within `tolerance` image pixels, topmost shape first. */
export function hitVertex(shapes: readonly Shape[], p: Point, tolerance: number): VertexRef | null {
  let best: VertexRef | null = null;
  let bestDistance = tolerance;
  for (let s = shapes.length - 1; s >= 0; s--) {
    const shape = shapes[s]!;
    shape.points.forEach((v, index) => {
      const d = distance(v, p);
      if (d <= bestDistance) {
        bestDistance = d;
        best = { shapeId: shape.id, index };
      }
    });
    if (best) return best;
  }
  return null;
}

/** The segments of a shape as index pairs; a polygon's closing segment comes last. */
function segments(shape: Shape): [number, number][] {
  const n = shape.points.length;
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1]);
  if (shape.kind === 'polygon' && n >= 3) pairs.push([n - 1, 0]);
  return pairs;
}

/** The midpoints where a new vertex can be inserted, the index it would take and the segment length. */
export function midpoints(shape: Shape): { point: Point; insertAt: number; length: number }[] {
  if (shape.kind !== 'polygon' && shape.kind !== 'polyline') return [];
  return segments(shape).map(([a, b]) => {
    const pa = shape.points[a]!;
    const pb = shape.points[b]!;
    return {
      point: { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 },
      insertAt: a + 1,
      length: distance(pa, pb),
    };
  });
}

/**
 * The insertion index of the midpoint handle under `p`, if any. Segments shorter than
 * `minLength` have no handle (the renderer hides them too).
 */
export function hitMidpoint(
  shape: Shape,
  p: Point,
  tolerance: number,
  minLength = 0,
): number | null {
  for (const m of midpoints(shape)) {
    if (m.length >= minLength && distance(m.point, p) <= tolerance) return m.insertAt;
  }
  return null;
}

/** The topmost shape under `p`: inside a polygon, or near a line, keypoint or ruler. */
export function hitShape(shapes: readonly Shape[], p: Point, tolerance: number): string | null {
  for (let s = shapes.length - 1; s >= 0; s--) {
    const shape = shapes[s]!;
    if (shape.kind === 'polygon' && pointInPolygon(p, shape.points)) return shape.id;
    if (shape.points.length === 1 && distance(shape.points[0]!, p) <= tolerance) return shape.id;
    for (const [a, b] of segments(shape)) {
      if (distanceToSegment(p, shape.points[a]!, shape.points[b]!) <= tolerance) return shape.id;
    }
  }
  return null;
}
