// The distance from a point moving along a line to a fixed segment, as a function of how far the
// point has moved: P(t) = origin + t * direction, with a unit direction, so t is arc length. The
// function is convex in t and made of at most three pieces: the distance to the segment's first
// end (the square root of a quadratic in t), to its line where P projects inside the segment
// (|linear| in t), and to its second end. Each piece integrates in closed form, and where two
// such functions are equal is the root of a quadratic. Allocation-free on the hot paths: the
// contour distances of a large reading study call these millions of times.

/** A point moving along a line: origin (x, y) and unit direction (dx, dy). */
export interface Track {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
}

/** A segment from (ax, ay) to (bx, by). */
export interface Segment {
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
}

/** Which piece: the first end, the line, the second end. */
const FIRST_END = 0;
const LINE = 1;
const SECOND_END = 2;

/** The distance from a track to one segment, as a function of t. */
export class Approach {
  /** projection parameter on the segment: s(t) = s0 + s1 t (0 and 1 are its ends) */
  private readonly s0: number;
  private readonly s1: number;
  /** t where s(t) = 0 and s(t) = 1, in increasing order (both NaN when s is constant) */
  readonly low: number;
  readonly high: number;
  /** squared distance to each end: t² + e1 t + e0 */
  private readonly a1: number;
  private readonly a0: number;
  private readonly b1: number;
  private readonly b0: number;
  /** signed distance to the line: la + lb t */
  private readonly la: number;
  private readonly lb: number;

  constructor(track: Track, segment: Segment) {
    const wx = segment.bx - segment.ax;
    const wy = segment.by - segment.ay;
    const w2 = wx * wx + wy * wy;
    const w = Math.sqrt(w2);
    const ex = track.x - segment.ax;
    const ey = track.y - segment.ay;
    const fx = track.x - segment.bx;
    const fy = track.y - segment.by;
    this.s0 = w2 === 0 ? 0 : (ex * wx + ey * wy) / w2;
    this.s1 = w2 === 0 ? 0 : (track.dx * wx + track.dy * wy) / w2;
    const [t0, t1] = this.s1 === 0 ? [NaN, NaN] : [-this.s0 / this.s1, (1 - this.s0) / this.s1];
    this.low = Math.min(t0, t1);
    this.high = Math.max(t0, t1);
    this.a1 = 2 * (track.dx * ex + track.dy * ey);
    this.a0 = ex * ex + ey * ey;
    this.b1 = 2 * (track.dx * fx + track.dy * fy);
    this.b0 = fx * fx + fy * fy;
    this.la = w === 0 ? 0 : (wx * ey - wy * ex) / w;
    this.lb = w === 0 ? 0 : (wx * track.dy - wy * track.dx) / w;
  }

  /** The piece that holds t. */
  pieceAt(t: number): number {
    const s = this.s0 + this.s1 * t;
    return s <= 0 ? FIRST_END : s >= 1 ? SECOND_END : LINE;
  }

  /** The squared distance on a piece: c2 t² + c1 t + c0 (one coefficient at a time). */
  c2(piece: number): number {
    return piece === LINE ? this.lb * this.lb : 1;
  }
  c1(piece: number): number {
    return piece === LINE ? 2 * this.la * this.lb : piece === FIRST_END ? this.a1 : this.b1;
  }
  c0(piece: number): number {
    return piece === LINE ? this.la * this.la : piece === FIRST_END ? this.a0 : this.b0;
  }

  squaredAt(t: number): number {
    const piece = this.pieceAt(t);
    if (piece === LINE) {
      const v = this.la + this.lb * t;
      return v * v;
    }
    return Math.max(0, t * t + this.c1(piece) * t + this.c0(piece));
  }

  distanceAt(t: number): number {
    return Math.sqrt(this.squaredAt(t));
  }

  /** ∫ distance dt over [from, to] inside one piece. */
  private pieceIntegral(from: number, to: number): number {
    if (to <= from) return 0;
    const piece = this.pieceAt((from + to) / 2);
    if (piece === LINE) {
      const v0 = this.la + this.lb * from;
      const v1 = this.la + this.lb * to;
      return v0 * v1 >= 0
        ? ((Math.abs(v0) + Math.abs(v1)) / 2) * (to - from)
        : (v0 * v0 + v1 * v1) / (2 * Math.abs(this.lb));
    }
    // sqrt((t + c1/2)² + k) with k = c0 - c1²/4 >= 0
    const shift = this.c1(piece) / 2;
    return rootIntegral(from + shift, to + shift, Math.max(0, this.c0(piece) - shift * shift));
  }

  /** ∫ distance dt over [t0, t1], exactly. */
  integral(t0: number, t1: number): number {
    if (!(this.low > t0 && this.low < t1) && !(this.high > t0 && this.high < t1)) {
      return this.pieceIntegral(t0, t1);
    }
    const low = Math.min(Math.max(this.low, t0), t1);
    const high = Math.min(Math.max(this.high, t0), t1);
    return (
      this.pieceIntegral(t0, low) + this.pieceIntegral(low, high) + this.pieceIntegral(high, t1)
    );
  }
}

/** ∫ sqrt(x² + k) dx from x0 to x1 (k >= 0). */
function rootIntegral(x0: number, x1: number, k: number): number {
  if (k <= 0) return (x1 * Math.abs(x1) - x0 * Math.abs(x0)) / 2;
  const r = Math.sqrt(k);
  const f = (x: number) => (x * Math.sqrt(x * x + k) + k * Math.asinh(x / r)) / 2;
  return f(x1) - f(x0);
}

/** Scratch for the piece boundaries of two approaches over an interval: at most 6, sorted. */
const cuts = new Float64Array(6);

/** Fills `cuts` with t0, the breakpoints of both inside (t0, t1), and t1; returns how many. */
function sortedCuts(first: Approach, second: Approach, t0: number, t1: number): number {
  cuts[0] = t0;
  let n = 1;
  n = insertCut(first.low, t0, t1, n);
  n = insertCut(first.high, t0, t1, n);
  n = insertCut(second.low, t0, t1, n);
  n = insertCut(second.high, t0, t1, n);
  cuts[n] = t1;
  return n + 1;
}

/** Inserts t into the n sorted cuts when it lies inside (t0, t1); returns the new count. */
function insertCut(t: number, t0: number, t1: number, n: number): number {
  if (!(t > t0 && t < t1)) return n;
  let k = n;
  while (k > 1 && cuts[k - 1]! > t) {
    cuts[k] = cuts[k - 1]!;
    k -= 1;
  }
  cuts[k] = t;
  return n + 1;
}

/**
 * A t in [t0, t1] where the two distances are equal (within `tolerance`), given that the first
 * is not farther at t0 and not nearer at t1; NaN when rounding hides the root.
 */
export function crossingOf(
  first: Approach,
  second: Approach,
  t0: number,
  t1: number,
  tolerance: number,
): number {
  const n = sortedCuts(first, second, t0, t1);
  for (let k = 1; k < n; k++) {
    const from = cuts[k - 1]!;
    const to = cuts[k]!;
    const after = first.distanceAt(to) - second.distanceAt(to);
    // Equal at a piece's end: the two edges meet there, or both are nearest at their shared
    // vertex, so their distances are the same function.
    if (Math.abs(after) <= tolerance) return to;
    if (after < 0) continue;
    // The root lies in [from, to], where both squared distances are one quadratic each.
    const p = first.pieceAt((from + to) / 2);
    const q = second.pieceAt((from + to) / 2);
    return largestRoot(
      first.c2(p) - second.c2(q),
      first.c1(p) - second.c1(q),
      first.c0(p) - second.c0(q),
      from,
      to,
    );
  }
  return NaN;
}

/** Result of deepestGap: where, and how far (squared) the other is ahead there. */
export const gap = { t: 0, value: 0 };

/**
 * Where on [t0, t1] the other segment is nearest relative to the first: sets `gap` to the t
 * that minimises distance(other)² - distance(first)² and that minimum (negative where the other
 * is nearer).
 */
export function deepestGap(first: Approach, other: Approach, t0: number, t1: number): void {
  const n = sortedCuts(first, other, t0, t1);
  gap.t = t0;
  gap.value = other.squaredAt(t0) - first.squaredAt(t0);
  for (let k = 1; k < n; k++) {
    const from = cuts[k - 1]!;
    const to = cuts[k]!;
    const atEnd = other.squaredAt(to) - first.squaredAt(to);
    if (atEnd < gap.value) [gap.t, gap.value] = [to, atEnd];
    // Inside a piece the gap is one quadratic: its lowest point, where that lies inside.
    const p = other.pieceAt((from + to) / 2);
    const q = first.pieceAt((from + to) / 2);
    const c2 = other.c2(p) - first.c2(q);
    if (!(c2 > 0)) continue;
    const vertex = -(other.c1(p) - first.c1(q)) / (2 * c2);
    if (vertex > from && vertex < to) {
      const value = other.squaredAt(vertex) - first.squaredAt(vertex);
      if (value < gap.value) [gap.t, gap.value] = [vertex, value];
    }
  }
}

/** The largest root of c2 t² + c1 t + c0 in [from, to] (with slack for rounding), or NaN. */
function largestRoot(c2: number, c1: number, c0: number, from: number, to: number): number {
  const slack = 1e-9 * (to - from);
  const clamp = (t: number) => Math.min(to, Math.max(from, t));
  const inside = (t: number) => Number.isFinite(t) && t >= from - slack && t <= to + slack;
  const scale = Math.max(Math.abs(c2), Math.abs(c1) / Math.max(1, Math.abs(to)), 1e-300);
  if (Math.abs(c2) <= 1e-12 * scale) {
    const t = -c0 / c1;
    return inside(t) ? clamp(t) : NaN;
  }
  const discriminant = c1 * c1 - 4 * c2 * c0;
  if (discriminant < 0) return NaN;
  // The stable pair of roots: q = -(c1 + sign(c1) sqrt(D)) / 2, roots q / c2 and c0 / q. The
  // larger one: the other may be `from` itself, where the two were already equal.
  const q = -(c1 + (c1 < 0 ? -1 : 1) * Math.sqrt(discriminant)) / 2;
  const [r1, r2] = [q / c2, c0 / q];
  if (inside(r1) && inside(r2)) return clamp(Math.max(r1, r2));
  return inside(r1) ? clamp(r1) : inside(r2) ? clamp(r2) : NaN;
}
