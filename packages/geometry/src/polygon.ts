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
 * A pair of edges (by index: edge i runs from vertex i to i + 1) that cross, touch or fold back
 * over each other; null when the polygon is simple. A sweep along x only tests edges whose
 * x-ranges overlap: near O(n log n) for drawn contours, O(n²) only for pathological zigzags.
 */
export function findSelfIntersection(points: readonly Point[]): [number, number] | null {
  const n = points.length;
  if (n < 3) return null;
  const at = (i: number) => points[i % n]!;
  for (let i = 0; i < n; i++) {
    if (adjacentEdgesOverlap(at(i), at(i + 1), at(i + 2))) return [i, (i + 1) % n];
  }
  const minX = (i: number) => Math.min(at(i).x, at(i + 1).x);
  const maxX = (i: number) => Math.max(at(i).x, at(i + 1).x);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => minX(a) - minX(b));
  let active: number[] = [];
  for (const e of order) {
    const left = minX(e);
    active = active.filter((a) => maxX(a) >= left);
    const eMinY = Math.min(at(e).y, at(e + 1).y);
    const eMaxY = Math.max(at(e).y, at(e + 1).y);
    for (const a of active) {
      const gap = Math.abs(a - e);
      if (gap === 1 || gap === n - 1) continue; // neighbours share a vertex, checked above
      if (Math.max(at(a).y, at(a + 1).y) < eMinY || Math.min(at(a).y, at(a + 1).y) > eMaxY)
        continue;
      if (segmentsIntersect(at(a), at(a + 1), at(e), at(e + 1))) return a < e ? [a, e] : [e, a];
    }
    active.push(e);
  }
  return null;
}

export function isSelfIntersecting(points: readonly Point[]): boolean {
  return findSelfIntersection(points) !== null;
}
