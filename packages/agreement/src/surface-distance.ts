// Distances between two contours' boundaries, with the boundaries sampled at a fixed step: every
// edge is cut into ceil(length / step) equal pieces. The Hausdorff distance takes the largest
// distance from a piece end (vertices included) to the other boundary, so it is at most step / 2
// below the exact value; the mean takes each piece's midpoint weighted by its length (the
// midpoint rule for the mean over the boundary). Distances to the other boundary are exact: a
// uniform grid over that boundary's edges finds the nearest edge without trying every one.
import type { Point } from '@medlabel/geometry';

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

  constructor(points: readonly Point[]) {
    const n = points.length;
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

function directed(from: readonly Point[], to: BoundaryIndex, step: number): Directed {
  let max = 0;
  let weighted = 0;
  let perimeter = 0;
  for (let i = 0; i < from.length; i++) {
    const a = from[i]!;
    const b = from[(i + 1) % from.length]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy);
    const pieces = Math.max(1, Math.ceil(length / step));
    for (let s = 0; s < pieces; s++) {
      max = Math.max(max, to.distance(a.x + (dx * s) / pieces, a.y + (dy * s) / pieces));
      weighted +=
        (length / pieces) *
        to.distance(a.x + (dx * (s + 0.5)) / pieces, a.y + (dy * (s + 0.5)) / pieces);
    }
    perimeter += length;
  }
  return { max, mean: perimeter === 0 ? 0 : weighted / perimeter };
}

/** A boundary with its index, built once when one contour is compared with several. */
export interface IndexedBoundary {
  readonly points: readonly Point[];
  readonly index: BoundaryIndex;
}

export const indexBoundary = (points: readonly Point[]): IndexedBoundary => ({
  points,
  index: new BoundaryIndex(points),
});

/** Boundary distances between two closed polygons, in their units, sampled every `step`. */
export function surfaceDistances(
  first: readonly Point[] | IndexedBoundary,
  second: readonly Point[] | IndexedBoundary,
  step: number,
): SurfaceDistances {
  const a = 'index' in first ? first : indexBoundary(first);
  const b = 'index' in second ? second : indexBoundary(second);
  const ab = directed(a.points, b.index, step);
  const ba = directed(b.points, a.index, step);
  return {
    hausdorff: Math.max(ab.max, ba.max),
    meanFirstToSecond: ab.mean,
    meanSecondToFirst: ba.mean,
    meanSurfaceDistance: (ab.mean + ba.mean) / 2,
  };
}
