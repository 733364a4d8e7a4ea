import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  findSelfIntersection,
  isSelfIntersecting,
  PAIRWISE_UP_TO,
  pointInPolygon,
  polygonArea,
  polygonCentroid,
  polygonPerimeter,
  segmentsIntersect,
  signedPolygonArea,
  type Point,
} from '../src/index.js';

const square: Point[] = [
  { x: 0, y: 0 },
  { x: 4, y: 0 },
  { x: 4, y: 4 },
  { x: 0, y: 4 },
];
const lShape: Point[] = [
  { x: 0, y: 0 },
  { x: 2, y: 0 },
  { x: 2, y: 1 },
  { x: 1, y: 1 },
  { x: 1, y: 2 },
  { x: 0, y: 2 },
];

describe('polygon measures', () => {
  it('computes area, perimeter and centroid of known shapes', () => {
    expect(polygonArea(square)).toBe(16);
    expect(polygonPerimeter(square)).toBe(16);
    expect(polygonCentroid(square)).toEqual({ x: 2, y: 2 });
    expect(polygonArea(lShape)).toBe(3);
    expect(polygonPerimeter(lShape)).toBe(8);
    // L of three unit squares at (0.5,0.5), (1.5,0.5), (0.5,1.5)
    const c = polygonCentroid(lShape)!;
    expect(c.x).toBeCloseTo(5 / 6, 12);
    expect(c.y).toBeCloseTo(5 / 6, 12);
    const triangle = [
      { x: 0, y: 0 },
      { x: 3, y: 0 },
      { x: 0, y: 4 },
    ];
    expect(polygonArea(triangle)).toBe(6);
    expect(polygonPerimeter(triangle)).toBe(12);
  });

  it('signs the area by winding: clockwise on screen is positive', () => {
    expect(signedPolygonArea(square)).toBe(16);
    expect(signedPolygonArea([...square].reverse())).toBe(-16);
  });

  it('falls back to the vertex mean for a degenerate polygon', () => {
    expect(
      polygonCentroid([
        { x: 0, y: 0 },
        { x: 2, y: 0 },
        { x: 4, y: 0 },
      ]),
    ).toEqual({ x: 2, y: 0 });
    expect(polygonCentroid([])).toBeNull();
  });

  const vertices = fc.array(
    fc.record({
      x: fc.integer({ min: -1000, max: 1000 }),
      y: fc.integer({ min: -1000, max: 1000 }),
    }),
    { minLength: 3, maxLength: 30 },
  );

  it('keeps area and perimeter under vertex rotation and reversal', () => {
    fc.assert(
      fc.property(vertices, fc.nat(), (points, shift) => {
        const k = shift % points.length;
        const rotated = [...points.slice(k), ...points.slice(0, k)];
        expect(polygonArea(rotated)).toBe(polygonArea(points));
        expect(polygonArea([...points].reverse())).toBe(polygonArea(points));
        expect(polygonPerimeter(rotated)).toBeCloseTo(polygonPerimeter(points), 6);
      }),
    );
  });

  it('scales area by the square of a scale factor and moves with a translation', () => {
    fc.assert(
      fc.property(
        vertices,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: -50, max: 50 }),
        (points, s, t) => {
          const moved = points.map((p) => ({ x: p.x * s + t, y: p.y * s - t }));
          expect(polygonArea(moved)).toBeCloseTo(polygonArea(points) * s * s, 3);
        },
      ),
    );
  });
});

describe('pointInPolygon', () => {
  it('tells inside from outside, including the notch of a concave polygon', () => {
    expect(pointInPolygon({ x: 2, y: 2 }, square)).toBe(true);
    expect(pointInPolygon({ x: 5, y: 2 }, square)).toBe(false);
    expect(pointInPolygon({ x: 0.5, y: 1.5 }, lShape)).toBe(true);
    expect(pointInPolygon({ x: 1.5, y: 1.5 }, lShape)).toBe(false);
  });

  it('agrees with the area: the centroid of a convex polygon is inside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 500 }), (n, r) => {
        const regular = Array.from({ length: n }, (_, i) => ({
          x: 1000 + r * Math.cos((2 * Math.PI * i) / n),
          y: 1000 + r * Math.sin((2 * Math.PI * i) / n),
        }));
        expect(pointInPolygon(polygonCentroid(regular)!, regular)).toBe(true);
        expect(pointInPolygon({ x: 1000 + 2 * r, y: 1000 }, regular)).toBe(false);
      }),
    );
  });
});

describe('self-intersection', () => {
  it('accepts simple polygons, convex or concave', () => {
    expect(isSelfIntersecting(square)).toBe(false);
    expect(isSelfIntersecting(lShape)).toBe(false);
  });

  it('finds a bow tie and names the crossing edges', () => {
    const bowTie = [
      { x: 0, y: 0 },
      { x: 4, y: 4 },
      { x: 4, y: 0 },
      { x: 0, y: 4 },
    ];
    expect(findSelfIntersection(bowTie)).toEqual([0, 2]);
  });

  it('finds a vertex touching a non-adjacent edge and a spike folding back', () => {
    const touching = [
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 4, y: 4 },
      { x: 2, y: 0 },
      { x: 0, y: 4 },
    ];
    expect(isSelfIntersecting(touching)).toBe(true);
    const spike = [
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 2, y: 0 },
      { x: 2, y: 3 },
    ];
    expect(isSelfIntersecting(spike)).toBe(true);
    const flatTriangle = [
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 1, y: 0 },
    ];
    expect(isSelfIntersecting(flatTriangle)).toBe(true);
  });

  it('never flags a star-shaped polygon with distinct angles', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 40 }),
        fc.array(fc.integer({ min: 10, max: 100 }), { minLength: 40, maxLength: 40 }),
        (angles, radii) => {
          const sorted = [...angles].sort((a, b) => a - b);
          // a polygon that visits directions in order around an inner point is simple if it
          // turns less than half a circle between neighbours
          fc.pre(
            sorted.every(
              (a, i) => ((sorted[(i + 1) % sorted.length]! - a + 360) % 360 || 360) < 180,
            ),
          );
          const star = sorted.map((a, i) => ({
            x: radii[i]! * Math.cos((a * Math.PI) / 180),
            y: radii[i]! * Math.sin((a * Math.PI) / 180),
          }));
          expect(isSelfIntersecting(star)).toBe(false);
        },
      ),
    );
  });
});

/** The plain O(n²) definition, as an oracle for the sweep. */
function bruteForceSelfIntersecting(points: { x: number; y: number }[]): boolean {
  const n = points.length;
  const at = (i: number) => points[i % n]!;
  const distinct = new Set(points.map((p) => `${p.x},${p.y}`));
  if (distinct.size < n) return true; // a repeated vertex touches itself
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [at(i), at(i + 1), at(i + 2)];
    const cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    const dot = (a.x - b.x) * (c.x - b.x) + (a.y - b.y) * (c.y - b.y);
    if (cross === 0 && dot > 0) return true;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsIntersect(at(i), at(i + 1), at(j), at(j + 1))) return true;
    }
  }
  return false;
}

describe('self-intersection sweep', () => {
  // Both ways of checking: pair by pair (small polygons, the default) and the sweep (forced).
  describe.each([
    { way: 'pair by pair', pairwiseUpTo: PAIRWISE_UP_TO },
    { way: 'by the sweep', pairwiseUpTo: 0 },
  ])('$way', ({ pairwiseUpTo }) => {
    it('agrees with the brute-force definition on small integer polygons (many touching cases)', () => {
      for (const size of [3, 12]) {
        const grid = fc.record({
          x: fc.integer({ min: 0, max: size }),
          y: fc.integer({ min: 0, max: size }),
        });
        fc.assert(
          fc.property(fc.array(grid, { minLength: 3, maxLength: 16 }), (points) => {
            const found = findSelfIntersection(points, { pairwiseUpTo }) !== null;
            expect(found).toBe(bruteForceSelfIntersecting(points));
          }),
          { numRuns: 3000 },
        );
      }
    });

    it('returns a pair of edges that really intersect', () => {
      const p = fc.record({
        x: fc.integer({ min: 0, max: 20 }),
        y: fc.integer({ min: 0, max: 20 }),
      });
      fc.assert(
        fc.property(fc.array(p, { minLength: 4, maxLength: 12 }), (points) => {
          const pair = findSelfIntersection(points, { pairwiseUpTo });
          if (!pair || pair[1] === (pair[0] + 1) % points.length) return;
          const n = points.length;
          const [i, j] = pair;
          expect(
            segmentsIntersect(points[i]!, points[(i + 1) % n]!, points[j]!, points[(j + 1) % n]!),
          ).toBe(true);
        }),
      );
    });
  });

  it('handles long zigzags whose edges all overlap in x and y', () => {
    // 20,000 teeth across the sweep line: simple, until the last edge is pulled across the first
    const zigzag = Array.from({ length: 20000 }, (_, i) => ({
      x: i % 2 === 0 ? 0 : 1000,
      y: i + (i % 2) * 500,
    }));
    const closed = [...zigzag, { x: 1010, y: 20600 }, { x: 1010, y: -5 }];
    expect(findSelfIntersection(closed)).toBeNull();
    const crossed = [...zigzag, { x: 1010, y: 20600 }, { x: 500, y: -5 }];
    expect(isSelfIntersecting(crossed)).toBe(true);
  });
});
