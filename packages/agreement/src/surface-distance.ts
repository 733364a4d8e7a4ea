// Distances between two contours' boundaries, exactly. Along an edge of one boundary, the
// distance to the other boundary is the lower envelope of the distances to its edges, each
// convex and, piece by piece, |linear| or the square root of a quadratic (segment-distance.ts).
// On each piece of the envelope one edge is nearest, so the largest distance is at an end of
// the piece and the integral is closed-form; the Hausdorff distance is the largest over both
// boundaries and the mean surface distance the average of the two length-weighted means.
//
// Per edge, only edges that can be nearest somewhere on it take part: with g the nearest edge
// at the edge's start (known from the edge before), no point of the edge is farther from the
// boundary than from g, so no edge whose bounding box stays farther than g's larger end
// distance from the edge's box is ever nearest. The envelope is then swept once: the edge's
// length is cut where any candidate changes piece; on each stretch the candidates' squared
// distances are quadratics, and the sweep follows the lowest one, switching at the first root
// where another turns lower.
import type { Point } from '@medlabel/geometry';
import {
  boundaryOf,
  LENGTH,
  MAX_X,
  MAX_Y,
  MIN_X,
  MIN_Y,
  sortPrefix,
  STRIDE,
  UX,
  UY,
  X,
  Y,
  type Boundary,
} from './boundary.js';
import { Approaches, firstEntry } from './segment-distance.js';

export interface SurfaceDistances {
  /** Symmetric Hausdorff distance: the larger of the two directed ones. */
  readonly hausdorff: number;
  /** Mean distance from the first boundary to the second, and from the second to the first. */
  readonly meanFirstToSecond: number;
  readonly meanSecondToFirst: number;
  /** The average of the two directed means (average symmetric surface distance). */
  readonly meanSurfaceDistance: number;
}

/** Squared distance from (px, py) to the edge of a boundary whose numbers start at o. */
function edgeDistanceSquared(data: Float64Array, o: number, px: number, py: number): number {
  const ax = data[o + X]!;
  const ay = data[o + Y]!;
  const wx = data[o + STRIDE + X]! - ax;
  const wy = data[o + STRIDE + Y]! - ay;
  const w2 = wx * wx + wy * wy;
  const ex = px - ax;
  const ey = py - ay;
  const s = w2 === 0 ? 0 : Math.max(0, Math.min(1, (ex * wx + ey * wy) / w2));
  const x = ex - s * wx;
  const y = ey - s * wy;
  return x * x + y * y;
}

/** The edge of `to` nearest to (px, py), trying every edge. */
function nearestEdge(to: Boundary, px: number, py: number): number {
  let best = Infinity;
  let nearest = 0;
  for (let h = 0; h < to.edges; h++) {
    const d = edgeDistanceSquared(to.data, h * STRIDE, px, py);
    if (d < best) {
      best = d;
      nearest = h;
    }
  }
  return nearest;
}

/**
 * The sweep of one edge and its running results: the largest squared distance and the
 * integral of the distance, over the edges walked so far.
 */
class Sweep {
  maxSquared = 0;
  integral = 0;
  /** the other boundary's edge behind each function of `approaches` */
  private edgeOf = new Int32Array(16);
  private cuts = new Float64Array(32);
  private readonly approaches = new Approaches();

  /**
   * Sweeps the edge from (px, py) to (qx, qy) of length `length` against boundary `to`, given
   * the edge `g` of `to` nearest at its start; returns the edge nearest at its end.
   */
  edge(
    to: Boundary,
    px: number,
    py: number,
    qx: number,
    qy: number,
    length: number,
    g: number,
  ): number {
    const m = to.edges;
    const data = to.data;
    // No point of the edge is farther from `to` than from g or its neighbours at either end.
    let bound = Infinity;
    for (let k = -1; k <= 1; k++) {
      const o = ((g + k + m) % m) * STRIDE;
      const far = Math.max(
        edgeDistanceSquared(data, o, px, py),
        edgeDistanceSquared(data, o, qx, qy),
      );
      bound = Math.min(bound, far);
    }
    // Distances within `tie` of each other are level; their slopes within 1e-9.
    const tie = 1e-12 * (length + Math.sqrt(bound));
    const slope = 1e-9;
    const approaches = this.approaches;
    const dx = (qx - px) / length;
    const dy = (qy - py) / length;
    approaches.reset(px, py, dx, dy);
    const reach = bound * (1 + 1e-9) + tie * tie;
    const margin = Math.sqrt(reach);
    const x0 = Math.min(px, qx) - margin;
    const x1 = Math.max(px, qx) + margin;
    const y0 = Math.min(py, qy) - margin;
    const y1 = Math.max(py, qy) + margin;
    for (let h = 0, o = 0; h < m; h++, o += STRIDE) {
      // Boxes apart by more than the margin along either axis first, then the corners.
      const minX = data[o + MIN_X]!;
      const maxX = data[o + MAX_X]!;
      const minY = data[o + MIN_Y]!;
      const maxY = data[o + MAX_Y]!;
      if (minX > x1 || maxX < x0 || minY > y1 || maxY < y0) continue;
      const gx = Math.max(0, minX - x1 + margin, x0 + margin - maxX);
      const gy = Math.max(0, minY - y1 + margin, y0 + margin - maxY);
      if (gx * gx + gy * gy > reach) continue;
      const k = approaches.add(
        data[o + X]!,
        data[o + Y]!,
        data[o + UX]!,
        data[o + UY]!,
        data[o + LENGTH]!,
      );
      if (k === this.edgeOf.length) this.growEdges();
      this.edgeOf[k] = h;
    }
    // The stretches between the candidates' breakpoints.
    const count = approaches.count;
    if (2 * count > this.cuts.length) this.cuts = new Float64Array(4 * count);
    const cuts = this.cuts;
    let breaks = 0;
    for (let k = 0; k < count; k++) breaks = approaches.breakpoints(k, 0, length, cuts, breaks);
    sortPrefix(cuts, breaks);
    let current = 0;
    let u = 0;
    for (let c = 0; c <= breaks; c++) {
      const v = c < breaks ? cuts[c]! : length;
      if (v > u) current = this.stretch(u, v, tie, slope);
      u = v;
    }
    return this.edgeOf[current]!;
  }

  /** The envelope over [u, v], where no function changes piece; returns the lowest at v. */
  private stretch(u: number, v: number, tie: number, slope: number): number {
    const approaches = this.approaches;
    const count = approaches.count;
    const middle = (u + v) / 2;
    let current = 0;
    let lowest = Infinity;
    for (let k = 0; k < count; k++) {
      approaches.select(k, middle);
      const q = approaches.squaredAt(k, u);
      if (q < lowest) {
        lowest = q;
        current = k;
      }
    }
    const beta = approaches.beta;
    let t = u;
    // Each switch moves on along the stretch or, at one t, to a function that is lower or
    // falls faster: the guard only stops rounding from cycling between equal functions.
    for (let switches = 0; ; switches++) {
      let until = v;
      let next = -1;
      let nextTurning = 0;
      const level = approaches.squaredAt(current, t);
      const distance = Math.sqrt(level);
      // Level within `tie` of the current distance: squared distances in (below, above].
      const above = (distance + tie) * (distance + tie);
      const below = distance > tie ? (distance - tie) * (distance - tie) : -1;
      const steep = slope * (2 * distance + tie);
      const falling = approaches.slopeAt(current, t);
      const bending = beta[current]! * beta[current]!;
      for (let k = 0; k < count; k++) {
        if (k === current) continue;
        // Function k less the current one, around t: c2 x² + turning x + gap at t + x.
        const squared = approaches.squaredAt(k, t);
        const c2 = beta[k]! * beta[k]! - bending;
        const turning = approaches.slopeAt(k, t) - falling;
        const at =
          squared > above
            ? t + firstEntry(c2, turning, squared - level, until - t)
            : t + takeOver(c2, turning, squared <= below, steep);
        if (at < until || (at === until && next >= 0 && turning < nextTurning)) {
          until = at;
          next = k;
          nextTurning = turning;
        }
      }
      this.piece(current, t, until);
      if (next < 0 || switches > 4 * count) {
        this.piece(current, until, v);
        return current;
      }
      t = until;
      current = next;
    }
  }

  private piece(k: number, t0: number, t1: number): void {
    if (!(t1 > t0)) return;
    const approaches = this.approaches;
    this.maxSquared = Math.max(
      this.maxSquared,
      approaches.squaredAt(k, t0),
      approaches.squaredAt(k, t1),
    );
    this.integral += approaches.integral(k, t0, t1);
  }

  private growEdges(): void {
    const edgeOf = new Int32Array(this.edgeOf.length * 2);
    edgeOf.set(this.edgeOf);
    this.edgeOf = edgeOf;
  }
}

/**
 * After how much further a function that is not farther than the current one (its squared
 * distance c2 x² + turning x + gap ahead at t + x) takes over: at once when it is nearer
 * already, falls away (beyond `slope`) or curves away below; where it comes back down when it
 * rises away but curves back; never otherwise.
 */
function takeOver(c2: number, turning: number, nearer: boolean, slope: number): number {
  if (nearer || turning < -slope || (c2 < 0 && turning <= slope)) return 0;
  return c2 < 0 ? -turning / c2 : Infinity;
}

interface Directed {
  readonly max: number;
  readonly mean: number;
}

/** The largest and the mean distance from the points of one boundary to another. */
function directed(from: Boundary, to: Boundary, sweep: Sweep): Directed {
  const data = from.data;
  sweep.maxSquared = 0;
  sweep.integral = 0;
  let perimeter = 0;
  let g = nearestEdge(to, data[X]!, data[Y]!);
  for (let o = 0; o < from.edges * STRIDE; o += STRIDE) {
    const px = data[o + X]!;
    const py = data[o + Y]!;
    const qx = data[o + STRIDE + X]!;
    const qy = data[o + STRIDE + Y]!;
    const length = Math.hypot(qx - px, qy - py);
    if (length === 0) continue;
    g = sweep.edge(to, px, py, qx, qy, length, g);
    perimeter += length;
  }
  return {
    max: Math.sqrt(sweep.maxSquared),
    mean: perimeter === 0 ? 0 : sweep.integral / perimeter,
  };
}

/** One sweep's scratch arrays for every comparison on this thread. */
const SWEEP = new Sweep();

/** Boundary distances between two closed polygons, in their units. */
export function surfaceDistances(
  first: readonly Point[] | Boundary,
  second: readonly Point[] | Boundary,
): SurfaceDistances {
  const a = 'data' in first ? first : boundaryOf(first);
  const b = 'data' in second ? second : boundaryOf(second);
  const ab = directed(a, b, SWEEP);
  const ba = directed(b, a, SWEEP);
  return {
    hausdorff: Math.max(ab.max, ba.max),
    meanFirstToSecond: ab.mean,
    meanSecondToFirst: ba.mean,
    meanSurfaceDistance: (ab.mean + ba.mean) / 2,
  };
}
