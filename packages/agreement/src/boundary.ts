// A closed polygon laid out once for the overlap and distance kernels: counter-clockwise, its
// vertices and each edge's bounding box in one flat array, so comparing one contour with several
// others allocates nothing per comparison and reads no objects in the inner loops.
import { signedPolygonArea, type Point } from '@medlabel/geometry';

/** Numbers per vertex in `Boundary.data`: x, y, then of the edge from it to the next its box,
 * unit direction and length. */
export const X = 0;
export const Y = 1;
export const MIN_X = 2;
export const MAX_X = 3;
export const MIN_Y = 4;
export const MAX_Y = 5;
export const UX = 6;
export const UY = 7;
export const LENGTH = 8;
export const STRIDE = 9;

/** Edges per block of `Boundary.blocks`. */
export const BLOCK = 8;

export interface Boundary {
  /** the vertices, counter-clockwise (a clockwise polygon is reversed) */
  readonly points: readonly Point[];
  /** edges: edge i runs from vertex i to vertex i + 1 (the last to the first) */
  readonly edges: number;
  /** per vertex, STRIDE numbers from i * STRIDE; the first vertex is repeated at the end (a
   * plain array of doubles: allocated on the heap, where a typed array's buffer is not, so tens
   * of thousands of contours do not drive the garbage collector) */
  readonly data: readonly number[];
  /** per run of BLOCK consecutive edges (the last one shorter), their box: min x, max x, min
   * y, max y; a search for the edges near a box skips every run whose box is not */
  readonly blocks: readonly number[];
  /** the area enclosed (positive) */
  readonly area: number;
  /** the largest absolute coordinate: the scale of rounding errors */
  readonly extent: number;
}

/** Lays out a closed polygon (any orientation) for the kernels. */
export function boundaryOf(polygon: readonly Point[]): Boundary {
  const signed = signedPolygonArea(polygon);
  const points = signed < 0 ? [...polygon].reverse() : polygon;
  const n = points.length;
  const data: number[] = new Array<number>((n + 1) * STRIDE).fill(0);
  let extent = Number.MIN_VALUE;
  for (let i = 0; i <= n; i++) {
    const p = points[i % n]!;
    data[i * STRIDE + X] = p.x;
    data[i * STRIDE + Y] = p.y;
    extent = Math.max(extent, Math.abs(p.x), Math.abs(p.y));
  }
  for (let o = 0; o < n * STRIDE; o += STRIDE) {
    data[o + MIN_X] = Math.min(data[o + X]!, data[o + STRIDE + X]!);
    data[o + MAX_X] = Math.max(data[o + X]!, data[o + STRIDE + X]!);
    data[o + MIN_Y] = Math.min(data[o + Y]!, data[o + STRIDE + Y]!);
    data[o + MAX_Y] = Math.max(data[o + Y]!, data[o + STRIDE + Y]!);
    const wx = data[o + STRIDE + X]! - data[o + X]!;
    const wy = data[o + STRIDE + Y]! - data[o + Y]!;
    const length = Math.sqrt(wx * wx + wy * wy);
    data[o + UX] = length === 0 ? 0 : wx / length;
    data[o + UY] = length === 0 ? 0 : wy / length;
    data[o + LENGTH] = length;
  }
  const blocks: number[] = [];
  for (let first = 0; first < n; first += BLOCK) {
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let o = first * STRIDE; o < Math.min(n, first + BLOCK) * STRIDE; o += STRIDE) {
      minX = Math.min(minX, data[o + MIN_X]!);
      maxX = Math.max(maxX, data[o + MAX_X]!);
      minY = Math.min(minY, data[o + MIN_Y]!);
      maxY = Math.max(maxY, data[o + MAX_Y]!);
    }
    blocks.push(minX, maxX, minY, maxY);
  }
  return { points, edges: n, data, blocks, area: Math.abs(signed), extent };
}

/**
 * Whether run b of a boundary's edges (b indexes `blocks`: a multiple of 4) has its box meet
 * [x0, x1] x [y0, y1]. Its edges' numbers lie in `data` from runStart(b) to runEnd(boundary, b):
 * a search for the edges near a box tries only the runs that meet it.
 */
export function runMeets(
  boundary: Boundary,
  b: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): boolean {
  const blocks = boundary.blocks;
  return !(blocks[b]! > x1 || blocks[b + 1]! < x0 || blocks[b + 2]! > y1 || blocks[b + 3]! < y0);
}

/** The offset into `data` of the first edge of run b. */
export const runStart = (b: number): number => (b / 4) * BLOCK * STRIDE;

/** The offset into `data` past the last edge of run b. */
export const runEnd = (boundary: Boundary, b: number): number =>
  Math.min(boundary.edges, (b / 4 + 1) * BLOCK) * STRIDE;
