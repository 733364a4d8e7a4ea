// Distances between two contours' boundaries, exactly: the distance from a point moving along
// an edge of one boundary to the other boundary is, wherever one edge of the other boundary is
// nearest, the distance to that edge: convex (so its largest value is at an end of the piece)
// and integrable in closed form (segment-distance.ts). Each edge is cut where the nearest edge
// changes (the point where the two edges' distances are equal) and a piece is accepted when one
// edge is nearest at both its ends and at its middle; a piece still unresolved after
// MAX_SPLITS cuts (adversarial boundaries) is measured by Simpson's rule on its ends and middle.
// The nearest edge comes from a uniform grid over the other boundary's edges.
import type { Point } from '@medlabel/geometry';
import {
  Approach,
  crossingOf,
  deepestGap,
  gap,
  type Segment,
  type Track,
} from './segment-distance.js';

export interface SurfaceDistances {
  /** Symmetric Hausdorff distance: the larger of the two directed ones. */
  readonly hausdorff: number;
  /** Mean distance from the first boundary to the second, and from the second to the first. */
  readonly meanFirstToSecond: number;
  readonly meanSecondToFirst: number;
  /** The average of the two directed means (average symmetric surface distance). */
  readonly meanSurfaceDistance: number;
}

/**
 * The edges of a closed polygon in a uniform grid: each edge is listed in every cell its
 * bounding box touches, and a query walks rings of cells outwards from its own until no
 * unvisited cell can hold a nearer edge.
 */
export class BoundaryIndex {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly size: number;
  private readonly columns: number;
  private readonly rows: number;
  /** the edges (index of their first vertex) each cell lists: cell c's are from start[c] */
  private readonly start: Int32Array;
  private readonly edges: Int32Array;
  /** the nearest edge of the last query: consecutive samples along a boundary share it mostly,
   * so its distance bounds the walk from the start */
  private lastEdge = 0;
  /** the edges as segments, edge i from vertex i to the next */
  readonly segments: readonly Segment[];

  constructor(points: readonly Point[]) {
    const n = points.length;
    this.segments = points.map((a, i) => {
      const b = points[(i + 1) % n]!;
      return { ax: a.x, ay: a.y, bx: b.x, by: b.y };
    });
    this.xs = Float64Array.from(points, (p) => p.x);
    this.ys = Float64Array.from(points, (p) => p.y);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of points) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    const extent = Math.max(maxX - minX, maxY - minY);
    // About two cells per edge along each side of the box, so a query near the boundary
    // meets a few edges.
    const perSide = Math.max(1, Math.ceil(n / 2));
    this.size = extent > 0 ? extent / perSide : 1;
    this.x0 = minX;
    this.y0 = minY;
    this.columns = Math.max(1, Math.ceil((maxX - minX) / this.size) + 1);
    this.rows = Math.max(1, Math.ceil((maxY - minY) / this.size) + 1);
    // Two passes: count each cell's edges, then place them, into one flat array.
    const cellCount = this.columns * this.rows;
    this.start = new Int32Array(cellCount + 1);
    const visit = (place: (cell: number, edge: number) => void) => {
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const [c0, c1] = this.span(this.xs[i]!, this.xs[j]!, this.x0, this.columns);
        const [r0, r1] = this.span(this.ys[i]!, this.ys[j]!, this.y0, this.rows);
        for (let r = r0; r <= r1; r++)
          for (let c = c0; c <= c1; c++) place(r * this.columns + c, i);
      }
    };
    visit((cell) => (this.start[cell + 1]! += 1));
    for (let c = 0; c < cellCount; c++) this.start[c + 1]! += this.start[c]!;
    this.edges = new Int32Array(this.start[cellCount]!);
    const filled = this.start.slice(0, cellCount);
    visit((cell, edge) => (this.edges[filled[cell]!++] = edge));
  }

  private span(a: number, b: number, origin: number, count: number): [number, number] {
    const cell = (v: number) =>
      Math.min(count - 1, Math.max(0, Math.floor((v - origin) / this.size)));
    return [cell(Math.min(a, b)), cell(Math.max(a, b))];
  }

  /** Distance from (px, py) to edge i (from vertex i to the next), as distanceToSegment. */
  private edgeDistance(i: number, px: number, py: number): number {
    const j = (i + 1) % this.xs.length;
    const ax = this.xs[i]!;
    const ay = this.ys[i]!;
    const dx = this.xs[j]! - ax;
    const dy = this.ys[j]! - ay;
    const lengthSquared = dx * dx + dy * dy;
    if (lengthSquared === 0) return Math.hypot(px - ax, py - ay);
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  }

  /** Every edge listed in a cell that the box touches (an edge may come more than once). */
  edgesIn(minX: number, minY: number, maxX: number, maxY: number): number[] {
    const [c0, c1] = this.span(minX, maxX, this.x0, this.columns);
    const [r0, r1] = this.span(minY, maxY, this.y0, this.rows);
    const found: number[] = [];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.columns + c;
        for (let k = this.start[cell]!; k < this.start[cell + 1]!; k++) found.push(this.edges[k]!);
      }
    }
    return found;
  }

  /** The edge nearest to the point of the last distance query. */
  get nearestEdge(): number {
    return this.lastEdge;
  }

  /** Exact distance from (px, py) to the boundary. */
  distance(px: number, py: number): number {
    const column = Math.floor((px - this.x0) / this.size);
    const row = Math.floor((py - this.y0) / this.size);
    // Rings of cells around the query's cell (which may lie outside the grid): a cell in ring R
    // is at least (R - 1) cells plus the query's distance to its own cell's nearest side away,
    // so the walk stops once that exceeds the best distance.
    const fx = px - this.x0 - column * this.size;
    const fy = py - this.y0 - row * this.size;
    const inner = Math.min(fx, this.size - fx, fy, this.size - fy);
    const farthest = Math.max(
      Math.abs(column),
      Math.abs(column - this.columns + 1),
      Math.abs(row),
      Math.abs(row - this.rows + 1),
    );
    let best = this.edgeDistance(this.lastEdge, px, py);
    for (let ring = 0; ring <= farthest; ring++) {
      if (ring > 0 && (ring - 1) * this.size + inner > best) break;
      for (let r = row - ring; r <= row + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edge = r === row - ring || r === row + ring;
        for (let c = column - ring; c <= column + ring; c += edge ? 1 : 2 * ring || 1) {
          if (c < 0 || c >= this.columns) continue;
          const cell = r * this.columns + c;
          for (let k = this.start[cell]!; k < this.start[cell + 1]!; k++) {
            const d = this.edgeDistance(this.edges[k]!, px, py);
            if (d < best) {
              best = d;
              this.lastEdge = this.edges[k]!;
            }
          }
        }
      }
    }
    return best;
  }
}

interface Directed {
  readonly max: number;
  readonly mean: number;
}

/** Cuts of one edge at most (each cut at least halves what is left unresolved). */
const MAX_SPLITS = 12;

/**
 * The largest distance and the integral of the distance along the edges of one boundary to
 * another boundary, one edge after the other.
 */
class EdgeWalk implements Track {
  max = 0;
  integral = 0;
  x = 0;
  y = 0;
  dx = 0;
  dy = 0;
  /** the approaches to the other boundary's edges from the current edge, made when needed */
  private readonly approaches: (Approach | undefined)[];
  private readonly madeFor: Int32Array;
  private readonly seen: Int32Array;
  private edge = 0;
  private pieces = 0;

  constructor(
    private readonly to: BoundaryIndex,
    private readonly tolerance: number,
  ) {
    this.approaches = new Array<Approach | undefined>(to.segments.length);
    this.madeFor = new Int32Array(to.segments.length).fill(-1);
    this.seen = new Int32Array(to.segments.length).fill(-1);
  }

  /** Walks the edge from a to b (d0, d1 the distances at its ends, f0, f1 the nearest edges). */
  walk(a: Point, b: Point, d0: number, f0: number, d1: number, f1: number) {
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length === 0) return;
    this.edge += 1;
    [this.x, this.y] = [a.x, a.y];
    [this.dx, this.dy] = [(b.x - a.x) / length, (b.y - a.y) / length];
    this.piece(0, length, d0, f0, d1, f1, 0);
  }

  private approach(g: number): Approach {
    if (this.madeFor[g] !== this.edge) {
      this.madeFor[g] = this.edge;
      this.approaches[g] = new Approach(this, this.to.segments[g]!);
    }
    return this.approaches[g]!;
  }

  /** Distance to the other boundary at t, and the nearest edge there. */
  private query(t: number): [number, number] {
    const d = this.to.distance(this.x + t * this.dx, this.y + t * this.dy);
    return [d, this.to.nearestEdge];
  }

  /** Whether edge f is (one of) the nearest at t, where the nearest is d away. */
  private nearestAt(f: number, t: number, d: number): boolean {
    return this.approach(f).distanceAt(t) <= d + this.tolerance;
  }

  /**
   * The point of [t0, t1] where some edge comes farthest ahead of edge f (nearest at both ends,
   * so no edge farther than `reach` from the piece matters); null when none comes nearer.
   */
  private intruder(f: number, t0: number, t1: number, reach: number): number | null {
    const [xa, xb] = [this.x + t0 * this.dx, this.x + t1 * this.dx];
    const [ya, yb] = [this.y + t0 * this.dy, this.y + t1 * this.dy];
    const [minX, maxX] = [Math.min(xa, xb) - reach, Math.max(xa, xb) + reach];
    const [minY, maxY] = [Math.min(ya, yb) - reach, Math.max(ya, yb) + reach];
    this.pieces += 1;
    let deepest = -this.tolerance * reach;
    let where: number | null = null;
    for (const g of this.to.edgesIn(minX, minY, maxX, maxY)) {
      if (g === f || this.seen[g] === this.pieces) continue;
      this.seen[g] = this.pieces;
      // An edge whose box stays out of the piece's box grown by `reach` is never nearer.
      const s = this.to.segments[g]!;
      if (Math.max(s.ax, s.bx) < minX || Math.min(s.ax, s.bx) > maxX) continue;
      if (Math.max(s.ay, s.by) < minY || Math.min(s.ay, s.by) > maxY) continue;
      deepestGap(this.approach(f), this.approach(g), t0, t1);
      if (gap.value < deepest) [deepest, where] = [gap.value, gap.t];
    }
    return where;
  }

  /** The piece [t0, t1]: d0, d1 the distances at its ends, f0, f1 the nearest edges there. */
  private piece(
    t0: number,
    t1: number,
    d0: number,
    f0: number,
    d1: number,
    f1: number,
    splits: number,
  ) {
    const f = f0 === f1 || this.nearestAt(f0, t1, d1) ? f0 : this.nearestAt(f1, t0, d0) ? f1 : -1;
    if (splits < MAX_SPLITS && t1 - t0 > this.tolerance) {
      // Cut where the two ends' nearest edges are equally near, or where another edge is
      // farthest ahead of the one nearest at both ends.
      let cut: number | null;
      if (f < 0) {
        cut = crossingOf(this.approach(f0), this.approach(f1), t0, t1, this.tolerance);
        if (Number.isNaN(cut) || cut <= t0 || cut >= t1) cut = (t0 + t1) / 2;
      } else {
        cut = this.intruder(f, t0, t1, Math.max(d0, d1));
      }
      if (cut === null) {
        this.max = Math.max(this.max, d0, d1);
        this.integral += this.approach(f).integral(t0, t1);
        return;
      }
      const [dm, fm] = this.query(cut);
      this.piece(t0, cut, d0, f0, dm, fm, splits + 1);
      this.piece(cut, t1, dm, fm, d1, f1, splits + 1);
      return;
    }
    const [dm] = this.query((t0 + t1) / 2);
    this.max = Math.max(this.max, d0, dm, d1);
    this.integral += ((t1 - t0) * (d0 + 4 * dm + d1)) / 6;
  }
}

function directed(from: readonly Point[], to: BoundaryIndex, tolerance: number): Directed {
  const n = from.length;
  const distances = new Float64Array(n);
  const nearest = new Int32Array(n);
  from.forEach((p, i) => {
    distances[i] = to.distance(p.x, p.y);
    nearest[i] = to.nearestEdge;
  });
  const walk = new EdgeWalk(to, tolerance);
  let perimeter = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    walk.walk(from[i]!, from[j]!, distances[i]!, nearest[i]!, distances[j]!, nearest[j]!);
    perimeter += Math.hypot(from[j]!.x - from[i]!.x, from[j]!.y - from[i]!.y);
  }
  return { max: walk.max, mean: perimeter === 0 ? 0 : walk.integral / perimeter };
}

/** A boundary with its index, built once when one contour is compared with several. */
export interface IndexedBoundary {
  readonly points: readonly Point[];
  readonly index: BoundaryIndex;
  /** the largest absolute coordinate: the scale of rounding errors */
  readonly extent: number;
}

export const indexBoundary = (points: readonly Point[]): IndexedBoundary => ({
  points,
  index: new BoundaryIndex(points),
  extent: points.reduce((m, p) => Math.max(m, Math.abs(p.x), Math.abs(p.y)), Number.MIN_VALUE),
});

/** Boundary distances between two closed polygons, in their units. */
export function surfaceDistances(
  first: readonly Point[] | IndexedBoundary,
  second: readonly Point[] | IndexedBoundary,
): SurfaceDistances {
  const a = 'index' in first ? first : indexBoundary(first);
  const b = 'index' in second ? second : indexBoundary(second);
  const tolerance = 1e-9 * Math.max(a.extent, b.extent);
  const ab = directed(a.points, b.index, tolerance);
  const ba = directed(b.points, a.index, tolerance);
  return {
    hausdorff: Math.max(ab.max, ba.max),
    meanFirstToSecond: ab.mean,
    meanSecondToFirst: ba.mean,
    meanSurfaceDistance: (ab.mean + ba.mean) / 2,
  };
}
