// A consensus contour of several readers' contours of one structure, by a documented simple rule
// (not STAPLE): majority vote of the filled regions. A cell, or a point, is in the consensus when
// more than half of the readers' regions hold it (two readers: both; three: two).
//
// - Where the readers' outlines only cross each other (the usual case), the boundary of the
//   majority is traced exactly, from pieces of the readers' own boundaries (majority-boundary.ts).
// - Where outlines share a stretch or a vertex (identical readings, a common edge), each is first
//   moved by its own translation of about a millionth of their extent (nudge.ts) and then traced
//   the same way: exact to within that.
// - Otherwise (an outline that crosses itself, or nudging did not separate them) the vote is
//   taken on a common grid and its boundary traced back:
//
// - The grid covers the contours' common bounding box, its origin at the box's corner; a cell is
//   `cellSize` image pixels square (default 0.25 px), made coarser where the box would need more
//   than MAX_CELLS_PER_SIDE cells along a side (so one call's memory and time stay bounded).
// - A cell is inside a reader's region when its centre is (even-odd rule).
// - The consensus boundary is traced along the cells' sides, a staircase at the grid's
//   resolution (so within one cell of the exact majority region), with the straight runs merged
//   into single edges. Diagonal neighbours are separate regions; when the majority falls apart
//   into several regions the largest is returned. Holes are left out (a contour has none).
import { isSelfIntersecting, signedPolygonArea, type Point } from '@medlabel/geometry';
import { ContourError } from './contours.js';
import { majorityRegion, type MajorityRegion } from './majority-boundary.js';
import { nudged } from './nudge.js';

export interface ConsensusOptions {
  /** side of a grid cell, in image pixels (default 0.25), where the grid is needed */
  readonly cellSize?: number;
  /** the grid's cells along a side at most (default MAX_CELLS_PER_SIDE); cells grow to fit */
  readonly maxCellsPerSide?: number;
  /** the contours are known not to cross themselves (`prepareContour` checked them) */
  readonly simple?: boolean;
}

export const MAX_CELLS_PER_SIDE = 1024;

interface Grid {
  readonly x0: number;
  readonly y0: number;
  readonly size: number;
  readonly columns: number;
  readonly rows: number;
}

function gridOver(
  contours: readonly (readonly Point[])[],
  cellSize: number,
  maxCells: number,
): Grid {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const contour of contours) {
    for (const p of contour) {
      [minX, minY] = [Math.min(minX, p.x), Math.min(minY, p.y)];
      [maxX, maxY] = [Math.max(maxX, p.x), Math.max(maxY, p.y)];
    }
  }
  const size = Math.max(cellSize, (maxX - minX) / maxCells, (maxY - minY) / maxCells);
  return {
    x0: minX,
    y0: minY,
    size,
    columns: Math.max(1, Math.ceil((maxX - minX) / size)),
    rows: Math.max(1, Math.ceil((maxY - minY) / size)),
  };
}

/** Adds one vote to every cell whose centre the polygon holds (scanline, even-odd). */
function vote(votes: Uint16Array, grid: Grid, polygon: readonly Point[]) {
  const crossings: number[] = [];
  for (let row = 0; row < grid.rows; row++) {
    const y = grid.y0 + (row + 0.5) * grid.size;
    crossings.length = 0;
    for (let i = 0; i < polygon.length; i++) {
      const a = polygon[i]!;
      const b = polygon[(i + 1) % polygon.length]!;
      if (a.y > y !== b.y > y) crossings.push(a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Cells whose centre x0 + (c + 0.5) size lies in [from, to).
      const first = Math.max(0, Math.ceil((crossings[k]! - grid.x0) / grid.size - 0.5));
      const last = Math.min(
        grid.columns - 1,
        Math.ceil((crossings[k + 1]! - grid.x0) / grid.size - 0.5) - 1,
      );
      for (let c = first; c <= last; c++) votes[row * grid.columns + c]! += 1;
    }
  }
}

/** Directions on screen (y down), clockwise: east, south, west, north. */
const STEPS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

/**
 * The loops of cell sides between consensus and other cells, each running clockwise on screen
 * around its region (the region on the walker's right), as lattice corners (column, row).
 */
function boundaryLoops(inside: (column: number, row: number) => boolean, grid: Grid) {
  const corners = grid.columns + 1;
  // Outgoing sides per lattice corner: bit d set when a side leaves the corner in direction d.
  const out = new Uint8Array(corners * (grid.rows + 1));
  const corner = (c: number, r: number) => r * corners + c;
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.columns; c++) {
      if (!inside(c, r)) continue;
      if (!inside(c, r - 1)) out[corner(c, r)]! |= 1 << 0; // top side, eastwards
      if (!inside(c + 1, r)) out[corner(c + 1, r)]! |= 1 << 1; // right side, southwards
      if (!inside(c, r + 1)) out[corner(c + 1, r + 1)]! |= 1 << 2; // bottom side, westwards
      if (!inside(c - 1, r)) out[corner(c, r + 1)]! |= 1 << 3; // left side, northwards
    }
  }
  const loops: [number, number][][] = [];
  for (let start = 0; start < out.length; start++) {
    while (out[start]! !== 0) {
      const loop: [number, number][] = [];
      let [c, r] = [start % corners, Math.floor(start / corners)];
      let direction = -1;
      do {
        // Where two regions touch diagonally a corner has two ways on: turn right first, so
        // each loop keeps to its own region.
        const sides = out[corner(c, r)]!;
        const next =
          direction < 0
            ? 31 - Math.clz32(sides & -sides)
            : [1, 0, 3].map((turn) => (direction + turn) % 4).find((d) => sides & (1 << d))!;
        out[corner(c, r)]! &= ~(1 << next);
        if (next !== direction) loop.push([c, r]);
        direction = next;
        c += STEPS[direction]![0];
        r += STEPS[direction]![1];
      } while (corner(c, r) !== start);
      loops.push(loop);
    }
  }
  return loops;
}

/** Twice the signed area of a loop of lattice corners (positive clockwise on screen). */
function twiceArea(loop: readonly [number, number][]): number {
  let twice = 0;
  for (let i = 0; i < loop.length; i++) {
    const [x1, y1] = loop[i]!;
    const [x2, y2] = loop[(i + 1) % loop.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice;
}

/** Drops corners where the loop goes straight on (the first corner may be one). */
function withoutStraightCorners(loop: readonly [number, number][]): [number, number][] {
  return loop.filter((p, i) => {
    const before = loop[(i - 1 + loop.length) % loop.length]!;
    const after = loop[(i + 1) % loop.length]!;
    return (p[0] - before[0]) * (after[1] - p[1]) - (p[1] - before[1]) * (after[0] - p[0]) !== 0;
  });
}

export interface ConsensusContour {
  /** the outline, in image pixels */
  readonly points: Point[];
  /** traced from the outlines (true: exact, or within a millionth of their extent) or on the grid */
  readonly exact: boolean;
  /**
   * traced exactly: the whole majority region's area and each contour's overlap with it (image
   * pixels squared), for Dice and IoU against the majority without a grid
   */
  readonly region: Pick<MajorityRegion, 'area' | 'shared'> | null;
}

function check(contours: readonly (readonly Point[])[], cellSize: number) {
  if (!(cellSize > 0)) throw new ContourError('the grid cell must be larger than 0');
  for (const contour of contours) {
    if (contour.length < 3) throw new ContourError('a contour needs three vertices');
    if (contour.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) {
      throw new ContourError('a contour has a vertex that is not a finite number');
    }
  }
}

/**
 * The grid rule alone: the boundary of the grid cells that more than half of the contours fill
 * (its largest part), a staircase within a cell of the exact one. Null when no cell has a majority.
 */
export function majorityOnGrid(
  contours: readonly (readonly Point[])[],
  { cellSize = 0.25, maxCellsPerSide = MAX_CELLS_PER_SIDE }: ConsensusOptions = {},
): Point[] | null {
  check(contours, cellSize);
  if (contours.length === 0) return null;
  const grid = gridOver(contours, cellSize, Math.max(1, Math.floor(maxCellsPerSide)));
  const votes = new Uint16Array(grid.columns * grid.rows);
  for (const contour of contours) vote(votes, grid, contour);
  const majority = Math.floor(contours.length / 2) + 1;
  const inside = (c: number, r: number) =>
    c >= 0 &&
    r >= 0 &&
    c < grid.columns &&
    r < grid.rows &&
    votes[r * grid.columns + c]! >= majority;
  const outer = boundaryLoops(inside, grid)
    .filter((loop) => twiceArea(loop) > 0)
    .sort((a, b) => twiceArea(b) - twiceArea(a))[0];
  if (!outer) return null;
  return withoutStraightCorners(outer).map(([c, r]) => ({
    x: grid.x0 + c * grid.size,
    y: grid.y0 + r * grid.size,
  }));
}

/**
 * The consensus contour of readers' contours (image pixels, any orientation): the boundary of
 * the region that more than half of the contours fill (its largest part), traced from the outlines
 * (nudged apart where they coincide), else on the grid. Null when nothing has a majority.
 */
export function consensusContour(
  contours: readonly (readonly Point[])[],
  options: ConsensusOptions = {},
): ConsensusContour | null {
  check(contours, options.cellSize ?? 0.25);
  if (contours.length === 0) return null;
  const region =
    options.simple || !contours.some((c) => isSelfIntersecting(c))
      ? (majorityRegion(contours) ??
        majorityRegion(nudged(contours)) ??
        majorityRegion(nudged(contours, 1)))
      : null;
  if (!region) {
    const points = majorityOnGrid(contours, options);
    return points && { points, exact: false, region: null };
  }
  const outer = region.loops
    .map((loop) => ({ loop, area: signedPolygonArea(loop) }))
    .filter((l) => l.area > 0)
    .sort((a, b) => b.area - a.area)[0];
  return outer
    ? { points: outer.loop, exact: true, region: { area: region.area, shared: region.shared } }
    : null;
}
