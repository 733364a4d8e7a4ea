// Outlines of the regions of a binary mask, the inverse of fillPolygon for regions without holes.
import type { Point } from './raster.js';

// Directions along pixel edges, clockwise: east, south, west, north (y grows downwards).
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;

/**
 * The outline of each 4-connected region of a 0/1 mask (rows x columns, row by row) as a
 * polygon along pixel edges, with (0, 0) the top-left corner of the top-left pixel: fillPolygon
 * of it sets exactly the region's pixels (a region's holes too, as its outline encloses them).
 * Vertices only where the outline turns; clockwise on the screen. Linear in the pixels.
 */
export function traceContours(mask: Uint8Array, rows: number, columns: number): Point[][] {
  const on = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < columns && y < rows && mask[y * columns + x] === 1;
  const width = columns + 1;
  // Per grid vertex, a bit per direction: an edge with the region on its right leaves there.
  const edges = new Uint8Array(width * (rows + 1));
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      if (!on(x, y)) continue;
      if (!on(x, y - 1)) edges[y * width + x]! |= 1 << 0;
      if (!on(x + 1, y)) edges[y * width + x + 1]! |= 1 << 1;
      if (!on(x, y + 1)) edges[(y + 1) * width + x + 1]! |= 1 << 2;
      if (!on(x - 1, y)) edges[(y + 1) * width + x]! |= 1 << 3;
    }
  }
  const outlines: Point[][] = [];
  for (let start = 0; start < edges.length; start++) {
    while (edges[start]) {
      const outline = follow(edges, width, start, 31 - Math.clz32(edges[start]!));
      // Outer outlines turn clockwise (positive area with y down); holes the other way.
      if (twiceArea(outline) > 0) outlines.push(outline);
    }
  }
  return outlines;
}

/**
 * Walks the outline that leaves `start` in `direction` back to that edge, clearing its edges.
 * At a vertex the sharpest right turn wins, so regions that touch only at a corner stay apart;
 * each edge then has one successor, and the walk closes.
 */
function follow(edges: Uint8Array, width: number, start: number, direction: number): Point[] {
  const outline: Point[] = [];
  let vertex = start;
  let d = direction;
  for (;;) {
    vertex += DY[d]! * width + DX[d]!;
    const next = TURNS.map((turn) => (d + turn) % 4).find((n) => edges[vertex]! & (1 << n));
    if (next === undefined) throw new Error('an outline of a mask is always closed');
    if (next !== d) outline.push(pointOf(vertex, width));
    edges[vertex]! &= ~(1 << next);
    if (vertex === start && next === direction) return outline;
    d = next;
  }
}

/** Right, straight on, left. */
const TURNS = [1, 0, 3] as const;

function pointOf(vertex: number, width: number): Point {
  return { x: vertex % width, y: Math.floor(vertex / width) };
}

function twiceArea(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum;
}
