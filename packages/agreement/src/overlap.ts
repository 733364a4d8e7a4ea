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
import { distanceToSegment, pointInPolygon, type Point } from '@medlabel/geometry';
import {
  boundaryOf,
  LENGTH,
  MAX_X,
  MAX_Y,
  MIN_X,
  MIN_Y,
  runEnd,
  runMeets,
  runStart,
  STRIDE,
  X,
  Y,
  type Boundary,
} from './boundary.js';

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

/** Scratch for the crossings of one comparison, grown as needed. */
let firstKeys: Float64Array = new Float64Array(64);
let secondKeys: Float64Array = new Float64Array(64);

/**
 * Every proper crossing of an edge of `a` with an edge of `b`, as keys edge + t (t in (0, 1)
 * along the edge) in `firstKeys` and `secondKeys`; returns how many, or -1 when two edges meet in
 * any other way (within `tolerance`: a vertex on or near the other boundary, collinear edges).
 */
function properCrossings(a: Boundary, b: Boundary, tolerance: number): number {
  const da = a.data;
  const db = b.data;
  let count = 0;
  for (let i = 0, o = 0; i < a.edges; i++, o += STRIDE) {
    const x0 = da[o + MIN_X]! - tolerance;
    const x1 = da[o + MAX_X]! + tolerance;
    const y0 = da[o + MIN_Y]! - tolerance;
    const y1 = da[o + MAX_Y]! + tolerance;
    const px = da[o + X]!;
    const py = da[o + Y]!;
    const ux = da[o + STRIDE + X]! - px;
    const uy = da[o + STRIDE + Y]! - py;
    for (let run = 0; run < b.blocks.length; run += 4) {
      if (!runMeets(b, run, x0, x1, y0, y1)) continue;
      const end = runEnd(b, run);
      for (let r = runStart(run); r < end; r += STRIDE) {
        if (
          db[r + MAX_X]! < x0 ||
          db[r + MIN_X]! > x1 ||
          db[r + MAX_Y]! < y0 ||
          db[r + MIN_Y]! > y1
        ) {
          continue;
        }
        const rx = db[r + X]!;
        const ry = db[r + Y]!;
        const vx = db[r + STRIDE + X]! - rx;
        const vy = db[r + STRIDE + Y]! - ry;
        // Twice the signed areas: each end of one edge against the line of the other.
        const p0 = vx * (py - ry) - vy * (px - rx);
        const q0 = vx * (py + uy - ry) - vy * (px + ux - rx);
        const r0 = ux * (ry - py) - uy * (rx - px);
        const s0 = ux * (ry + vy - py) - uy * (rx + vx - px);
        const near = tolerance * Math.max(da[o + LENGTH]!, db[r + LENGTH]!);
        if (Math.min(Math.abs(p0), Math.abs(q0), Math.abs(r0), Math.abs(s0)) <= near) return -1;
        if (p0 > 0 === q0 > 0 || r0 > 0 === s0 > 0) continue;
        if (count === firstKeys.length) {
          firstKeys = grown(firstKeys);
          secondKeys = grown(secondKeys);
        }
        firstKeys[count] = i + p0 / (p0 - q0);
        secondKeys[count] = r / STRIDE + r0 / (r0 - s0);
        count += 1;
      }
    }
  }
  return count;
}

function grown(keys: Float64Array): Float64Array {
  const larger = new Float64Array(keys.length * 2);
  larger.set(keys);
  return larger;
}

/**
 * Twice the boundary integral over the pieces of a boundary inside the other, given where the
 * other's boundary crosses its edges (keys edge + t, sorted) and whether its first vertex lies
 * inside.
 */
function insidePieces(boundary: Boundary, keys: Float64Array, count: number, inside: boolean) {
  const data = boundary.data;
  let twice = 0;
  let k = 0;
  for (let i = 0, o = 0; i < boundary.edges; i++, o += STRIDE) {
    const ax = data[o + X]!;
    const ay = data[o + Y]!;
    const bx = data[o + STRIDE + X]!;
    const by = data[o + STRIDE + Y]!;
    let px = ax;
    let py = ay;
    for (; k < count && keys[k]! < i + 1; k++) {
      const t = keys[k]! - i;
      const qx = ax + (bx - ax) * t;
      const qy = ay + (by - ay) * t;
      if (inside) twice += px * qy - qx * py;
      inside = !inside;
      px = qx;
      py = qy;
    }
    if (inside) twice += px * by - bx * py;
  }
  return twice;
}

/** Sorts values[0..count) ascending in place: insertion sort for the few crossings or
 * breakpoints of one edge or comparison, the typed array's own sort beyond. */
export function sortPrefix(values: Float64Array, count: number): void {
  if (count > 32) {
    values.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i;
    while (j > 0 && values[j - 1]! > value) {
      values[j] = values[j - 1]!;
      j -= 1;
    }
    values[j] = value;
  }
}

/** Area of the intersection of two laid-out boundaries. */
export function overlapArea(a: Boundary, b: Boundary): number {
  const tolerance = 1e-9 * Math.max(a.extent, b.extent);
  const count = properCrossings(a, b, tolerance);
  if (count >= 0) {
    // No vertex lies on the other boundary, so each first vertex is clearly in or out.
    const aInB = pointInPolygon(a.points[0]!, b.points);
    const bInA = pointInPolygon(b.points[0]!, a.points);
    if (count === 0) return aInB ? a.area : bInA ? b.area : 0;
    sortPrefix(firstKeys, count);
    sortPrefix(secondKeys, count);
    const twice =
      insidePieces(a, firstKeys, count, aInB) + insidePieces(b, secondKeys, count, bInA);
    return Math.max(0, twice / 2);
  }
  const twice =
    boundaryInside(a.points, b.points, true, tolerance) +
    boundaryInside(b.points, a.points, false, tolerance);
  return Math.max(0, twice / 2);
}

/** Area of the intersection of two simple polygons (any orientation). */
export function intersectionArea(first: readonly Point[], second: readonly Point[]): number {
  return overlapArea(boundaryOf(first), boundaryOf(second));
}
