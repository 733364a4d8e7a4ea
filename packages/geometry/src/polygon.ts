// Polygons are closed: the last vertex joins the first; vertices are not repeated at the end.
import { distance, type Point } from './point.js';
import { polylineLength } from './polyline.js';

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
