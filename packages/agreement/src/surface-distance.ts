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
  runEnd,
  runMeets,
  runStart,
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
function edgeDistanceSquared(data: readonly number[], o: number, px: number, py: number): number {
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
  /** the squared distance at the end of the last edge swept */
  endSquared = 0;
  /** the other boundary's edge behind each function of `approaches` */
  private edgeOf = new Int32Array(16);
  /** the candidates' breakpoints along the edge and whose they are */
  private times = new Float64Array(32);
  private owners = new Int32Array(32);
  private readonly approaches = new Approaches();

  /**
   * Sweeps the edge from (px, py) to (qx, qy) of length `length` against boundary `to`, given
   * the edge `g` of `to` nearest at its start, `startSquared` away; returns the edge nearest at
   * its end (`endSquared` away).
   */
  edge(
    to: Boundary,
    px: number,
    py: number,
    qx: number,
    qy: number,
    length: number,
    g: number,
    startSquared: number,
  ): number {
    const m = to.edges;
    const data = to.data;
    // No point of the edge is farther from `to` than from g, or from the edge after g (the
    // nearest one at the end, mostly): that far at one of its ends.
    const after = ((g + 1) % m) * STRIDE;
    const bound = Math.min(
      Math.max(startSquared, edgeDistanceSquared(data, g * STRIDE, qx, qy)),
      Math.max(edgeDistanceSquared(data, after, px, py), edgeDistanceSquared(data, after, qx, qy)),
    );
    // Distances within `tie` of each other are level; their slopes within 1e-9.
    const tie = 1e-12 * (length + Math.sqrt(bound));
    const approaches = this.approaches;
    approaches.reset(px, py, (qx - px) / length, (qy - py) / length);
    const reach = bound * (1 + 1e-9) + tie * tie;
    const margin = Math.sqrt(reach);
    const x0 = Math.min(px, qx) - margin;
    const x1 = Math.max(px, qx) + margin;
    const y0 = Math.min(py, qy) - margin;
    const y1 = Math.max(py, qy) + margin;
    for (let b = 0; b < to.blocks.length; b += 4) {
      if (!runMeets(to, b, x0, x1, y0, y1)) continue;
      const end = runEnd(to, b);
      for (let o = runStart(b); o < end; o += STRIDE) {
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
        this.edgeOf[k] = o / STRIDE;
      }
    }
    const events = this.events(length);
    return this.edgeOf[this.envelope(length, events, tie)]!;
  }

  /** Collects the candidates' breakpoints inside (0, length) in order; returns how many. */
  private events(length: number): number {
    const approaches = this.approaches;
    const count = approaches.count;
    if (2 * count > this.times.length) {
      this.times = new Float64Array(4 * count);
      this.owners = new Int32Array(4 * count);
    }
    const { times, owners } = this;
    let events = 0;
    for (let k = 0; k < count; k++) {
      const before = events;
      events = approaches.breakpoints(k, 0, length, times, events);
      for (let e = before; e < events; e++) owners[e] = k;
    }
    // Insertion sort: a few breakpoints per edge (a far, many-edged boundary makes more, and
    // costs more in the sweep anyway).
    for (let i = 1; i < events; i++) {
      const time = times[i]!;
      const owner = owners[i]!;
      let j = i;
      while (j > 0 && times[j - 1]! > time) {
        times[j] = times[j - 1]!;
        owners[j] = owners[j - 1]!;
        j -= 1;
      }
      times[j] = time;
      owners[j] = owner;
    }
    return events;
  }

  /**
   * The lower envelope over [0, length], from the lowest function at 0: on to the next
   * breakpoint (where its owner changes piece) or to where another function takes over,
   * whichever comes first. Returns the function lowest at the end.
   */
  private envelope(length: number, events: number, tie: number): number {
    const approaches = this.approaches;
    const count = approaches.count;
    const { times, owners } = this;
    for (let k = 0; k < count; k++) approaches.select(k, 0);
    let current = this.lowestAt(0);
    const { alpha, beta, kappa } = approaches;
    let t = 0;
    let e = 0;
    // At one t, each switch goes to a function that is lower or falls faster: the guard only
    // stops rounding from cycling between equal functions.
    let switches = 0;
    for (;;) {
      const stop = e < events ? times[e]! : length;
      let until = stop;
      let next = -1;
      let nextTurning = 0;
      const level = approaches.squaredAt(current, t);
      const distance = Math.sqrt(level);
      // Level within `tie` of the current distance: squared distances in (below, above].
      const above = (distance + tie) * (distance + tie);
      const below = distance > tie ? (distance - tie) * (distance - tie) : -1;
      // The slopes of squared distances are 2 d d': level within SLOPE of d' or, near d = 0
      // where rounding is all they hold, within `tie`; then their curvature decides.
      const steep = SLOPE * 2 * distance + tie;
      const falling = approaches.slopeAt(current, t);
      const bending = beta[current]! * beta[current]!;
      for (let k = 0; k < count; k++) {
        if (k === current) continue;
        // Function k less the current one, around t: c2 x² + turning x + gap at t + x (its
        // squared distance (alpha + beta t)² + kappa written out: the hottest loop).
        const b = beta[k]!;
        const v = alpha[k]! + b * t;
        const squared = v * v + kappa[k]!;
        const c2 = b * b - bending;
        const turning = 2 * b * v - falling;
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
      t = until;
      if (next >= 0 && switches++ <= 4 * count) {
        current = next;
        continue;
      }
      // Rounding cycled between functions level here: on with the lowest in the middle.
      if (next >= 0) current = this.lowestAt((t + stop) / 2);
      if (t < stop) this.piece(current, t, stop);
      t = stop;
      if (e === events) break;
      // Every breakpoint here: its owner changes piece (its distance is continuous).
      for (; e < events && times[e]! === stop; e++) approaches.select(owners[e]!, stop);
      switches = 0;
    }
    this.endSquared = approaches.squaredAt(current, length);
    return current;
  }

  /** The function lowest at t (on the selected pieces). */
  private lowestAt(t: number): number {
    const approaches = this.approaches;
    let lowest = 0;
    let value = Infinity;
    for (let k = 0; k < approaches.count; k++) {
      const q = approaches.squaredAt(k, t);
      if (q < value) {
        value = q;
        lowest = k;
      }
    }
    return lowest;
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

/** Slopes of distances within this of each other are level. */
const SLOPE = 1e-9;

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
  sweep.endSquared = edgeDistanceSquared(to.data, g * STRIDE, data[X]!, data[Y]!);
  for (let o = 0; o < from.edges * STRIDE; o += STRIDE) {
    const px = data[o + X]!;
    const py = data[o + Y]!;
    const qx = data[o + STRIDE + X]!;
    const qy = data[o + STRIDE + Y]!;
    const length = data[o + LENGTH]!;
    if (length === 0) continue;
    g = sweep.edge(to, px, py, qx, qy, length, g, sweep.endSquared);
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
