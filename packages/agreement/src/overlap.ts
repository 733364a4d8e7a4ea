// Area of the intersection of two simple polygons without building it: by Green's theorem the
// area is the boundary integral of x dy - y dx around A ∩ B, and that boundary is the part of
// A's boundary inside B plus the part of B's boundary inside A. Each edge is cut where the other
// polygon's boundary crosses it; each piece counts when its midpoint lies inside the other polygon.
// A piece lying on the other polygon's boundary counts once when both run the same way (shared
// edge of overlapping regions) and not at all when they run opposite ways (regions that touch).
// Most pairs of readers' contours only cross: every meeting of two edges is a proper crossing,
// away from vertices. Those take a fast path: all crossings found at once (edge boxes first),
// each edge's pieces alternating outside and inside from its polygon's first vertex. Anything
// else (a vertex on the other boundary, collinear or shared edges) takes the general path.
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

/** Where the edges of two polygons properly cross: per edge, the parameters along it. */
interface Crossings {
  readonly first: number[][];
  readonly second: number[][];
  readonly count: number;
}

/**
 * Every proper crossing of an edge of `a` with an edge of `b`; null when two edges meet in any
 * other way (within `tolerance`: a vertex on or near the other boundary, collinear edges).
 */
function properCrossings(a: readonly Point[], b: readonly Point[], tolerance: number) {
  const first: number[][] = a.map(() => []);
  const second: number[][] = b.map(() => []);
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = a[(i + 1) % a.length]!;
    const lengthPQ = Math.hypot(q.x - p.x, q.y - p.y);
    for (let j = 0; j < b.length; j++) {
      const r = b[j]!;
      const s = b[(j + 1) % b.length]!;
      if (
        Math.max(p.x, q.x) + tolerance < Math.min(r.x, s.x) ||
        Math.max(r.x, s.x) + tolerance < Math.min(p.x, q.x) ||
        Math.max(p.y, q.y) + tolerance < Math.min(r.y, s.y) ||
        Math.max(r.y, s.y) + tolerance < Math.min(p.y, q.y)
      ) {
        continue;
      }
      // Twice the signed areas: each end of one edge against the line of the other.
      const lengthRS = Math.hypot(s.x - r.x, s.y - r.y);
      const p0 = (s.x - r.x) * (p.y - r.y) - (s.y - r.y) * (p.x - r.x);
      const q0 = (s.x - r.x) * (q.y - r.y) - (s.y - r.y) * (q.x - r.x);
      const r0 = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
      const s0 = (q.x - p.x) * (s.y - p.y) - (q.y - p.y) * (s.x - p.x);
      const near = tolerance * Math.max(lengthPQ, lengthRS);
      if (Math.min(Math.abs(p0), Math.abs(q0), Math.abs(r0), Math.abs(s0)) <= near) return null;
      if (p0 > 0 === q0 > 0 || r0 > 0 === s0 > 0) continue;
      first[i]!.push(p0 / (p0 - q0));
      second[j]!.push(r0 / (r0 - s0));
      count += 1;
    }
  }
  return { first, second, count } satisfies Crossings;
}

/**
 * Twice the boundary integral over the pieces of `polygon`'s boundary inside the other, given
 * where the other's boundary crosses each edge and whether the first vertex lies inside.
 */
function insidePieces(polygon: readonly Point[], cutsOf: number[][], inside: boolean): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const ts = cutsOf[i]!.sort((x, y) => x - y);
    let p = a;
    for (let k = 0; k <= ts.length; k++) {
      const q = k < ts.length ? lerp(a, b, ts[k]!) : b;
      if (inside) twice += p.x * q.y - q.x * p.y;
      if (k < ts.length) inside = !inside;
      p = q;
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
  const crossings = properCrossings(a, b, tolerance);
  if (crossings) {
    // No vertex lies on the other boundary, so each first vertex is clearly in or out.
    const aInB = pointInPolygon(a[0]!, b);
    const bInA = pointInPolygon(b[0]!, a);
    if (crossings.count === 0) {
      return aInB ? signedPolygonArea(a) : bInA ? signedPolygonArea(b) : 0;
    }
    const twice = insidePieces(a, crossings.first, aInB) + insidePieces(b, crossings.second, bInA);
    return Math.max(0, twice / 2);
  }
  const twice = boundaryInside(a, b, true, tolerance) + boundaryInside(b, a, false, tolerance);
  return Math.max(0, twice / 2);
}
