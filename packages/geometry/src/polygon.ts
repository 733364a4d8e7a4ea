// Polygons are closed: the last vertex joins the first; vertices are not repeated at the end.
import { cross, distance, type Point } from './point.js';
import { polylineLength } from './polyline.js';
import { segmentsIntersect } from './segment.js';

/** Shoelace formula; positive when the vertices run clockwise on screen (y down). */
export function signedPolygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

export function polygonArea(points: readonly Point[]): number {
  return Math.abs(signedPolygonArea(points));
}

export function polygonPerimeter(points: readonly Point[]): number {
  if (points.length < 2) return 0;
  return polylineLength(points) + distance(points[points.length - 1]!, points[0]!);
}

/** Area centroid; the mean of the vertices when the area is zero; null for no points. */
export function polygonCentroid(points: readonly Point[]): Point | null {
  if (points.length === 0) return null;
  let cx = 0;
  let cy = 0;
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const f = a.x * b.y - b.x * a.y;
    twice += f;
    cx += (a.x + b.x) * f;
    cy += (a.y + b.y) * f;
  }
  if (twice === 0) {
    const n = points.length;
    return {
      x: points.reduce((s, p) => s + p.x, 0) / n,
      y: points.reduce((s, p) => s + p.y, 0) / n,
    };
  }
  return { x: cx / (3 * twice), y: cy / (3 * twice) };
}

/** Even-odd ray casting; points exactly on an edge may fall either way. */
export function pointInPolygon(p: Point, points: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

/** Whether edges meeting at a shared vertex fold back over each other (a spike). */
function adjacentEdgesOverlap(before: Point, shared: Point, after: Point): boolean {
  if (cross(before, shared, after) !== 0) return false;
  const dot =
    (before.x - shared.x) * (after.x - shared.x) + (before.y - shared.y) * (after.y - shared.y);
  return dot > 0;
}

/**
 * The first pair of edges (by index: edge i runs from vertex i to i + 1) that cross, touch or
 * fold back over each other; null when the polygon is simple. O(n^2): fine for hand-drawn shapes.
 */
export function findSelfIntersection(points: readonly Point[]): [number, number] | null {
  const n = points.length;
  if (n < 3) return null;
  const at = (i: number) => points[i % n]!;
  for (let i = 0; i < n; i++) {
    if (adjacentEdgesOverlap(at(i), at(i + 1), at(i + 2))) return [i, (i + 1) % n];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing vertex
      if (segmentsIntersect(at(i), at(i + 1), at(j), at(j + 1))) return [i, j];
    }
  }
  return null;
}

export function isSelfIntersecting(points: readonly Point[]): boolean {
  return findSelfIntersection(points) !== null;
}
