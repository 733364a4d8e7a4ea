// The exact boundary of the region that more than half of several polygons fill, without a grid:
// it is made of pieces of the polygons' own boundaries. Each polygon runs counter-clockwise
// (its region on the left); its edges are cut where the other boundaries cross them, and a piece
// belongs to the majority's boundary when exactly `majority - 1` of the other polygons hold it
// (then its left side is in the majority and its right side is not). At a proper crossing of two
// boundaries at most one such piece arrives and one leaves, so the pieces chain into loops.
// The areas come from the same pieces by Green's theorem (the boundary integral of x dy - y dx):
// the majority's boundary gives its area, and a polygon's overlap with it is bounded by the
// polygon's pieces held by at least `majority - 1` others and the majority's pieces inside it.
// Only proper crossings are handled: where a vertex lies on another boundary, or two boundaries
// share a stretch, the answer is null and the caller takes the grid.
import { pointInPolygon, signedPolygonArea, type Point } from '@medlabel/geometry';

/** Relative tolerance for "at an edge's end" and "parallel". */
const EPSILON = 1e-9;

interface Cut {
  /** where along the edge, 0 to 1 */
  readonly t: number;
  /** the polygon whose boundary crosses here */
  readonly other: number;
  /** the crossing's key, shared by both edges that cross there */
  readonly key: number;
  readonly point: Point;
}

interface Piece {
  readonly start: Point;
  readonly startKey: number;
  readonly endKey: number;
}

/**
 * The cuts of every edge (by global edge index: polygon offset + edge), or null when two
 * boundaries meet other than by proper crossings.
 */
function crossings(polygons: readonly (readonly Point[])[], offsets: readonly number[]) {
  const total = offsets[polygons.length]!;
  const cuts: Cut[][] = Array.from({ length: total }, () => []);
  // Each edge's box (min x, max x, min y, max y), by global edge index.
  const boxes = new Float64Array(total * 4);
  polygons.forEach((polygon, p) =>
    polygon.forEach((a, i) => {
      const b = polygon[(i + 1) % polygon.length]!;
      boxes.set(
        [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)],
        (offsets[p]! + i) * 4,
      );
    }),
  );
  for (let p = 0; p < polygons.length; p++) {
    const first = polygons[p]!;
    for (let q = p + 1; q < polygons.length; q++) {
      const second = polygons[q]!;
      for (let i = 0; i < first.length; i++) {
        const a = first[i]!;
        const b = first[(i + 1) % first.length]!;
        const [rx, ry] = [b.x - a.x, b.y - a.y];
        const rLength = Math.hypot(rx, ry);
        const box = (offsets[p]! + i) * 4;
        const [minX, maxX, minY, maxY] = [
          boxes[box]!,
          boxes[box + 1]!,
          boxes[box + 2]!,
          boxes[box + 3]!,
        ];
        for (let j = 0; j < second.length; j++) {
          const other = (offsets[q]! + j) * 4;
          if (
            boxes[other + 1]! < minX ||
            boxes[other]! > maxX ||
            boxes[other + 3]! < minY ||
            boxes[other + 2]! > maxY
          ) {
            continue;
          }
          const c = second[j]!;
          const d = second[(j + 1) % second.length]!;
          const [sx, sy] = [d.x - c.x, d.y - c.y];
          const [qx, qy] = [c.x - a.x, c.y - a.y];
          const denominator = rx * sy - ry * sx;
          const scale = rLength * Math.hypot(sx, sy);
          if (Math.abs(denominator) <= EPSILON * scale) {
            // Parallel: touching or sharing a stretch is not a proper crossing.
            if (Math.abs(qx * ry - qy * rx) <= EPSILON * rLength * Math.max(rLength, 1)) {
              return null;
            }
            continue;
          }
          const t = (qx * sy - qy * sx) / denominator;
          const u = (qx * ry - qy * rx) / denominator;
          if (t < -EPSILON || t > 1 + EPSILON || u < -EPSILON || u > 1 + EPSILON) continue;
          if (t <= EPSILON || t >= 1 - EPSILON || u <= EPSILON || u >= 1 - EPSILON) return null;
          // The same sums whichever polygon comes first, so the order of readers changes nothing.
          const point = {
            x: (a.x + t * rx + (c.x + u * sx)) / 2,
            y: (a.y + t * ry + (c.y + u * sy)) / 2,
          };
          const [ei, ej] = [offsets[p]! + i, offsets[q]! + j];
          const key = total + ei * total + ej;
          cuts[ei]!.push({ t, other: q, key, point });
          cuts[ej]!.push({ t: u, other: p, key, point });
        }
      }
    }
  }
  return cuts;
}

export interface MajorityRegion {
  /**
   * the loops of its boundary, each running the way the positively oriented polygons run (outer
   * boundaries have positive signed area, holes negative)
   */
  readonly loops: Point[][];
  /** its area (in the polygons' units squared) */
  readonly area: number;
  /** per polygon: the area it shares with the region */
  readonly shared: number[];
}

/**
 * The region more than half of the polygons fill: its boundary and areas. The polygons must not
 * cross themselves (the caller checks). Null when their boundaries meet other than by proper
 * crossings.
 */
export function majorityRegion(polygons: readonly (readonly Point[])[]): MajorityRegion | null {
  const oriented = polygons.map((p) => (signedPolygonArea(p) < 0 ? [...p].reverse() : p));
  const offsets = [0];
  for (const p of oriented) offsets.push(offsets.at(-1)! + p.length);
  const cuts = crossings(oriented, offsets);
  if (!cuts) return null;
  const majority = Math.floor(oriented.length / 2) + 1;
  const pieces = new Map<number, Piece>();
  let area = 0;
  const shared = oriented.map(() => 0);
  for (let p = 0; p < oriented.length; p++) {
    const polygon = oriented[p]!;
    const inside = oriented.map((other, q) => q !== p && pointInPolygon(polygon[0]!, other));
    let holding = inside.filter(Boolean).length;
    let start = polygon[0]!;
    let startKey = offsets[p]!;
    /** Counts the piece from `start` to `end`; false when the pieces do not chain. */
    const piece = (end: Point, endKey: number) => {
      if (holding < majority - 1) return true;
      const signed = (start.x * end.y - end.x * start.y) / 2;
      shared[p]! += signed;
      if (holding > majority - 1) return true;
      area += signed;
      for (let q = 0; q < inside.length; q++) if (inside[q]) shared[q]! += signed;
      if (pieces.has(startKey)) return false;
      pieces.set(startKey, { start, startKey, endKey });
      return true;
    };
    for (let i = 0; i < polygon.length; i++) {
      const edge = offsets[p]! + i;
      start = polygon[i]!;
      startKey = edge;
      for (const cut of cuts[edge]!.sort((x, y) => x.t - y.t)) {
        if (!piece(cut.point, cut.key)) return null;
        inside[cut.other] = !inside[cut.other];
        holding += inside[cut.other] ? 1 : -1;
        start = cut.point;
        startKey = cut.key;
      }
      const next = (i + 1) % polygon.length;
      if (!piece(polygon[next]!, offsets[p]! + next)) return null;
    }
    // Around the whole boundary every other boundary is crossed an even number of times.
    if (inside.some((held, q) => q !== p && held !== pointInPolygon(polygon[0]!, oriented[q]!))) {
      return null;
    }
  }
  const loops: Point[][] = [];
  const seen = new Set<number>();
  for (const first of pieces.values()) {
    if (seen.has(first.startKey)) continue;
    const loop: Point[] = [];
    let piece: Piece | undefined = first;
    do {
      if (seen.has(piece.startKey)) return null;
      seen.add(piece.startKey);
      loop.push(piece.start);
      piece = pieces.get(piece.endKey);
      if (!piece) return null;
    } while (piece !== first);
    loops.push(loop);
  }
  return { loops, area, shared };
}
