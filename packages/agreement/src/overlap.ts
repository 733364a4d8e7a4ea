// Area of the intersection of two simple polygons without building it: by Green's theorem the
// area is the boundary integral of x dy - y dx around A ∩ B, and that boundary is the part of
// A's boundary inside B plus the part of B's boundary inside A. Each edge is cut where the other
// polygon's boundary crosses it; each piece counts when its midpoint lies inside the other polygon.
// A piece lying on the other polygon's boundary counts once when both run the same way (shared
// edge of overlapping regions) and not at all when they run opposite ways (regions that touch).
import {
  distanceToSegment,
  pointInPolygon,
  signedPolygonArea,
  type Point,
} from '@medlabel/geometry';

function positivelyOriented(polygon: readonly Point[]): readonly Point[] {
  return signedPolygonArea(polygon) < 0 ? [...polygon].reverse() : polygon;
}

function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Parameters along a -> b (strictly inside) where the boundary of `other` meets the edge. */
function cuts(a: Point, b: Point, other: readonly Point[], tolerance: number): number[] {
  const rx = b.x - a.x;
  const ry = b.y - a.y;
  const length = Math.hypot(rx, ry);
  const ts: number[] = [];
  for (let j = 0; j < other.length; j++) {
    const c = other[j]!;
    const d = other[(j + 1) % other.length]!;
    const sx = d.x - c.x;
    const sy = d.y - c.y;
    const qx = c.x - a.x;
    const qy = c.y - a.y;
    const denominator = rx * sy - ry * sx;
    if (Math.abs(denominator) > 1e-12 * length * Math.hypot(sx, sy)) {
      const t = (qx * sy - qy * sx) / denominator;
      const u = (qx * ry - qy * rx) / denominator;
      if (u >= 0 && u <= 1) ts.push(t);
    } else if (Math.abs(qx * ry - qy * rx) <= tolerance * length) {
      // Collinear: the other edge's ends, where they fall on this edge, bound the shared part.
      ts.push(
        (qx * rx + qy * ry) / length ** 2,
        ((d.x - a.x) * rx + (d.y - a.y) * ry) / length ** 2,
      );
    }
  }
  return ts.filter((t) => t > 0 && t < 1);
}

/** The direction of the edge of `polygon` that p lies on, or null when p is off its boundary. */
function edgeUnder(p: Point, polygon: readonly Point[], tolerance: number): Point | null {
  for (let j = 0; j < polygon.length; j++) {
    const c = polygon[j]!;
    const d = polygon[(j + 1) % polygon.length]!;
    if (distanceToSegment(p, c, d) <= tolerance) return { x: d.x - c.x, y: d.y - c.y };
  }
  return null;
}

/** Twice the boundary integral over the pieces of `polygon`'s boundary inside `other`. */
function boundaryInside(
  polygon: readonly Point[],
  other: readonly Point[],
  keepShared: boolean,
  tolerance: number,
): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const ts = [0, ...cuts(a, b, other, tolerance), 1].sort((x, y) => x - y);
    for (let k = 1; k < ts.length; k++) {
      const p = lerp(a, b, ts[k - 1]!);
      const q = lerp(a, b, ts[k]!);
      const mid = lerp(p, q, 0.5);
      const shared = edgeUnder(mid, other, tolerance);
      const inside =
        shared === null
          ? pointInPolygon(mid, other)
          : keepShared && shared.x * (b.x - a.x) + shared.y * (b.y - a.y) > 0;
      if (inside) twice += p.x * q.y - q.x * p.y;
    }
  }
  return twice;
}

/** Area of the intersection of two simple polygons (any orientation). */
export function intersectionArea(first: readonly Point[], second: readonly Point[]): number {
  const a = positivelyOriented(first);
  const b = positivelyOriented(second);
  const extent = [...a, ...b].reduce(
    (m, p) => Math.max(m, Math.abs(p.x), Math.abs(p.y)),
    Number.MIN_VALUE,
  );
  const tolerance = 1e-9 * extent;
  const twice = boundaryInside(a, b, true, tolerance) + boundaryInside(b, a, false, tolerance);
  return Math.max(0, twice / 2);
}
