// Is a polygon simple? Shamos-Hoey sweep: O(n log n) comparisons, so a contour of many thousand
// vertices, or an adversarial zigzag sent to the server, is answered in milliseconds.
// "Intersect" includes touching: a vertex on another edge, a repeated vertex, an edge folding
// back over its neighbour.
import { cross, type Point } from './point.js';
import { OrderedList, type ListNode } from './ordered-list.js';
import { segmentsIntersect } from './segment.js';

/** Lexicographic order by x, then y: the order in which the sweep line meets points. */
function compareXY(a: Point, b: Point): number {
  return a.x - b.x || a.y - b.y;
}

/** Whether edges meeting at a shared vertex fold back over each other (a spike). */
function foldsBack(before: Point, shared: Point, after: Point): boolean {
  if (cross(before, shared, after) !== 0) return false;
  const dot =
    (before.x - shared.x) * (after.x - shared.x) + (before.y - shared.y) * (after.y - shared.y);
  return dot > 0;
}

/**
 * Polygons of up to this many vertices are checked pair by pair (edge boxes first): for the
 * contours readers draw, fewer steps than the sweep's sorting and ordered list.
 */
export const PAIRWISE_UP_TO = 32;

/** The earliest vertex v that repeats an earlier one u (u the first of its place), or null. */
function earliestRepeat(points: readonly Point[], pairwise: boolean): [number, number] | null {
  const n = points.length;
  if (pairwise) {
    for (let v = 1; v < n; v++) {
      for (let u = 0; u < v; u++) if (compareXY(points[u]!, points[v]!) === 0) return [u, v];
    }
    return null;
  }
  // Vertices sorted by place, then by index, so each place's run starts with its u.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => compareXY(points[a]!, points[b]!) || a - b,
  );
  let u = -1;
  let v = n;
  for (let k = 1; k < n; k++) {
    const [first, next] = [order[k - 1]!, order[k]!];
    if (compareXY(points[first]!, points[next]!) !== 0 || next > v) continue;
    // `first` is the lowest index of the run only when the run starts at k - 1.
    let start = k - 1;
    while (start > 0 && compareXY(points[order[start - 1]!]!, points[next]!) === 0) start -= 1;
    if (next < v) [u, v] = [order[start]!, next];
  }
  return u < 0 ? null : [u, v];
}

/** Two vertices at the same place: the edges through them touch there. */
function repeatedVertex(points: readonly Point[], pairwise: boolean): [number, number] | null {
  const n = points.length;
  const repeat = earliestRepeat(points, pairwise);
  if (!repeat) return null;
  const [u, v] = repeat;
  // Consecutive repeats make a zero-length edge; its two neighbours meet at the point.
  if (v === u + 1) return ordered((u - 1 + n) % n, v % n);
  if (u === 0 && v === n - 1) return ordered(0, n - 2);
  return ordered(u, v);
}

function ordered(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

/** The first pair of edges, not neighbours, that share a point: every pair, boxes first. */
function pairwiseCrossing(points: readonly Point[]): [number, number] | null {
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % n]!;
    for (let j = i + 2; j < (i === 0 ? n - 1 : n); j++) {
      const c = points[j]!;
      const d = points[(j + 1) % n]!;
      if (Math.max(c.x, d.x) < Math.min(a.x, b.x) || Math.min(c.x, d.x) > Math.max(a.x, b.x)) {
        continue;
      }
      if (Math.max(c.y, d.y) < Math.min(a.y, b.y) || Math.min(c.y, d.y) > Math.max(a.y, b.y)) {
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return [i, j];
    }
  }
  return null;
}

/**
 * A pair of edges (edge i runs from vertex i to i + 1) that cross or touch; null when the
 * polygon is simple. Polygons of up to `pairwiseUpTo` vertices are checked pair by pair, larger
 * ones by the sweep.
 */
export function findSelfIntersection(
  points: readonly Point[],
  { pairwiseUpTo = PAIRWISE_UP_TO }: { readonly pairwiseUpTo?: number } = {},
): [number, number] | null {
  const n = points.length;
  if (n < 3) return null;
  const at = (i: number) => points[i % n]!;
  for (let i = 0; i < n; i++) {
    if (foldsBack(at(i), at(i + 1), at(i + 2))) return [i, (i + 1) % n];
  }
  const pairwise = n <= pairwiseUpTo;
  const repeated = repeatedVertex(points, pairwise);
  if (repeated) return repeated;
  if (pairwise) return pairwiseCrossing(points);

  // From here vertices are distinct, so only neighbouring edges share an end point.
  const left = (e: number) => (compareXY(at(e), at(e + 1)) < 0 ? at(e) : at(e + 1));
  const right = (e: number) => (compareXY(at(e), at(e + 1)) < 0 ? at(e + 1) : at(e));
  const neighbours = (a: number, b: number) => {
    const gap = Math.abs(a - b);
    return gap === 1 || gap === n - 1;
  };
  const crossing = (a: number | undefined, b: number | undefined): [number, number] | null =>
    a !== undefined &&
    b !== undefined &&
    !neighbours(a, b) &&
    segmentsIntersect(at(a), at(a + 1), at(b), at(b + 1))
      ? ordered(a, b)
      : null;

  // Events: each edge enters at its left end and leaves at its right end; at one point,
  // departures go first (distinct vertices mean only neighbours share that point).
  const events: { edge: number; point: Point; enters: boolean }[] = [];
  for (let e = 0; e < n; e++) {
    events.push(
      { edge: e, point: left(e), enters: true },
      { edge: e, point: right(e), enters: false },
    );
  }
  events.sort((a, b) => compareXY(a.point, b.point) || Number(a.enters) - Number(b.enters));

  // Edges crossing the sweep line, bottom to top; the order holds while nothing has crossed.
  const active = new OrderedList<number>();
  const nodes: (ListNode<number> | undefined)[] = [];
  for (const { edge, enters } of events) {
    if (!enters) {
      const node = nodes[edge]!;
      const below = active.previous(node)?.value;
      const above = active.next(node)?.value;
      active.remove(node);
      const found = crossing(below, above);
      if (found) return found;
      continue;
    }
    const p = left(edge);
    const r = right(edge);
    let touching: [number, number] | null = null;
    const node = active.insert(edge, (other) => {
      const [a, b] = [left(other), right(other)];
      let side = Math.sign(cross(a, b, p));
      if (side === 0) {
        // p lies on the other edge: touching, unless the two start together at a shared vertex.
        side = neighbours(edge, other) ? Math.sign(cross(a, b, r)) : 0;
        if (side === 0) touching ??= ordered(edge, other);
      }
      return side <= 0;
    });
    if (touching) return touching;
    nodes[edge] = node;
    const found =
      crossing(edge, active.previous(node)?.value) ?? crossing(edge, active.next(node)?.value);
    if (found) return found;
  }
  return null;
}

export function isSelfIntersecting(points: readonly Point[]): boolean {
  return findSelfIntersection(points) !== null;
}
