import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { polygonArea, type PixelSpacing, type Point } from '@medlabel/geometry';
import { distanceToPolyline } from '@medlabel/geometry';
import {
  ContourError,
  contourAgreement,
  intersectionArea,
  keypointDistances,
  surfaceDistances,
} from '../src/index.js';
import reference from '../fixtures/contours.json' with { type: 'json' };
import { expectClose } from './fixtures.js';

describe.each(reference.contours)('contour pair "$name" (shapely)', (c) => {
  it('matches Dice, IoU, areas, Hausdorff and mean surface distance', () => {
    const { name: _n, first, second, spacing, ...expected } = c;
    const result = contourAgreement(first, second, spacing as unknown as PixelSpacing);
    expectClose(result, expected);
  });
});

describe('keypoints', () => {
  it('matches the distance in mm of every point both readers placed', () => {
    const { first, second, spacing, distancesMm } = reference.keypoints;
    const result = keypointDistances(first, second, spacing as unknown as PixelSpacing);
    expect(Object.keys(result).sort()).toEqual(Object.keys(distancesMm).sort());
    expectClose(result, distancesMm);
  });
});

/**
 * A star-shaped (so simple) polygon around (cx, cy): vertex i of n in the i-th of n equal sectors,
 * jittered by at most half a sector, so no gap between neighbours reaches 180 degrees.
 */
const starPolygon = fc
  .record({
    cx: fc.integer({ min: 50, max: 150 }),
    cy: fc.integer({ min: 50, max: 150 }),
    vertices: fc.array(
      fc.record({
        jitter: fc.double({ min: 0, max: 0.5, noNaN: true }),
        radius: fc.integer({ min: 10, max: 40 }),
      }),
      { minLength: 4, maxLength: 12 },
    ),
  })
  .map(({ cx, cy, vertices }) =>
    vertices.map(({ jitter, radius }, i): Point => {
      const angle = ((i + jitter) / vertices.length) * 2 * Math.PI;
      return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
    }),
  );

const spacing: PixelSpacing = [0.5, 0.3];

/** Sample spacing along a boundary for the sampled reference distances. */
const STEP = 0.02;

/** Largest and trapezoid-mean distance from samples STEP apart (at most) along `from` to `to`. */
function sampledDistances(from: readonly Point[], to: readonly Point[]) {
  let max = 0;
  let integral = 0;
  let perimeter = 0;
  from.forEach((p, i) => {
    const q = from[(i + 1) % from.length]!;
    const length = Math.hypot(q.x - p.x, q.y - p.y);
    const steps = Math.max(1, Math.ceil(length / STEP));
    let before = distanceToPolyline(p, to, true);
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const d = distanceToPolyline(
        { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t },
        to,
        true,
      );
      max = Math.max(max, before, d);
      integral += ((before + d) / 2) * (length / steps);
      before = d;
    }
    perimeter += length;
  });
  return { max, mean: integral / perimeter };
}

/**
 * The exact distances against the sampled ones: samples STEP apart, so the largest distance is
 * at most STEP / 2 above the largest sample and the trapezoid mean within STEP / 4 of the exact.
 */
function expectSampledDistances(a: readonly Point[], b: readonly Point[]) {
  const exact = surfaceDistances(a, b);
  const sampled = [sampledDistances(a, b), sampledDistances(b, a)];
  const largest = Math.max(sampled[0]!.max, sampled[1]!.max);
  expect(exact.hausdorff).toBeGreaterThanOrEqual(largest - 1e-9);
  expect(exact.hausdorff).toBeLessThanOrEqual(largest + STEP / 2);
  expect(Math.abs(exact.meanFirstToSecond - sampled[0]!.mean)).toBeLessThanOrEqual(STEP / 4);
  expect(Math.abs(exact.meanSecondToFirst - sampled[1]!.mean)).toBeLessThanOrEqual(STEP / 4);
}

describe('properties', () => {
  it('a contour against itself: Dice and IoU 1, distances 0', () => {
    fc.assert(
      fc.property(starPolygon, (p) => {
        const r = contourAgreement(p, p, spacing);
        expect(r.dice).toBeCloseTo(1, 9);
        expect(r.iou).toBeCloseTo(1, 9);
        expect(r.hausdorffMm).toBeCloseTo(0, 9);
        expect(r.meanSurfaceDistanceMm).toBeCloseTo(0, 9);
      }),
    );
  });

  it('is symmetric in the two readers and bounded by either area', () => {
    fc.assert(
      fc.property(starPolygon, starPolygon, (a, b) => {
        const ab = contourAgreement(a, b, spacing);
        const ba = contourAgreement(b, a, spacing);
        expect(ba.dice).toBeCloseTo(ab.dice, 9);
        expect(ba.hausdorffMm).toBeCloseTo(ab.hausdorffMm, 9);
        expect(ba.meanSurfaceDistanceMm).toBeCloseTo(ab.meanSurfaceDistanceMm, 9);
        // Areas are sums of products of coordinates: compare them relative to their size
        // (identical polygons, which fast-check draws often, sum to their area up to rounding).
        // Clipping nearly coincident edges the other way round moves the result by about 1e-12
        // of the area (a clean-clone run drew 1.001e-12 from vertices 7e-12 apart): 1e-9 of it.
        const overlap = intersectionArea(a, b);
        const smaller = Math.min(polygonArea(a), polygonArea(b));
        expect(overlap).toBeLessThanOrEqual(smaller * (1 + 1e-9));
        expect(Math.abs(intersectionArea([...b].reverse(), a) - overlap)).toBeLessThanOrEqual(
          1e-9 * smaller,
        );
      }),
    );
  });

  it('distances agree with the boundary sampled finely (the distance is 1-Lipschitz)', () => {
    fc.assert(fc.property(starPolygon, starPolygon, expectSampledDistances), { numRuns: 40 });
  });

  it('distances agree with the sampling where vertices meet edges and edges overlap', () => {
    // Vertices on a grid of 4 px: one boundary passes through the other's vertices, runs along
    // its edges and shares its vertices often (a grid consensus against a reader's outline).
    const snapped = starPolygon.map((p) =>
      p.map(({ x, y }) => ({ x: 4 * Math.round(x / 4), y: 4 * Math.round(y / 4) })),
    );
    fc.assert(fc.property(snapped, snapped, expectSampledDistances), { numRuns: 40 });
  });

  it('follows the nearest edge through a vertex of the other boundary', () => {
    // The rectangle's right side, x = 70, passes exactly through the circle's vertex (70, 60),
    // where the nearest edge changes at two breakpoints that rounding puts 1e-16 apart.
    const circle = Array.from({ length: 48 }, (_, k) => ({
      x: 50 + 20 * Math.cos((k / 48) * 2 * Math.PI),
      y: 60 + 20 * Math.sin((k / 48) * 2 * Math.PI),
    }));
    const rectangle = [
      { x: 30, y: 58 },
      { x: 70, y: 58 },
      { x: 70, y: 62 },
      { x: 30, y: 62 },
    ];
    expectSampledDistances(rectangle, circle);
  });

  it('counts a polygon cut into two halves exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 50 }),
        (cut, height) => {
          const whole: Point[] = [
            { x: 0, y: 0 },
            { x: 100, y: 0 },
            { x: 100, y: height },
            { x: 0, y: height },
          ];
          const left: Point[] = [
            { x: 0, y: 0 },
            { x: cut, y: 0 },
            { x: cut, y: height },
            { x: 0, y: height },
          ];
          expect(intersectionArea(whole, left)).toBeCloseTo(cut * height, 9);
        },
      ),
    );
  });
});

describe('bad input', () => {
  const square: Point[] = [
    { x: 0, y: 0 },
    { x: 1, y: 0 },
    { x: 1, y: 1 },
    { x: 0, y: 1 },
  ];
  it('refuses contours with too few vertices, no area, a crossing, or non-finite points', () => {
    const bowtie: Point[] = [square[0]!, square[2]!, square[1]!, square[3]!];
    expect(() => contourAgreement(square.slice(0, 2), square, spacing)).toThrow(ContourError);
    expect(() =>
      contourAgreement(
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
          { x: 2, y: 2 },
        ],
        square,
        spacing,
      ),
    ).toThrow(ContourError);
    expect(() => contourAgreement(bowtie, square, spacing)).toThrow(ContourError);
    expect(() => contourAgreement([{ x: NaN, y: 0 }, ...square], square, spacing)).toThrow(
      ContourError,
    );
  });
});
