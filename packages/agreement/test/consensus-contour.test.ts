import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Point } from '@medlabel/geometry';
import { consensusContour, ContourError, contourAgreement, majorityOnGrid } from '../src/index.js';

const rectangle = (x0: number, y0: number, x1: number, y1: number): Point[] => [
  { x: x0, y: y0 },
  { x: x1, y: y0 },
  { x: x1, y: y1 },
  { x: x0, y: y1 },
];

/** The same polygon whatever vertex it starts at and whichever way it runs. */
function canonical(polygon: readonly Point[] | null | undefined): string[] | null {
  if (!polygon) return null;
  const keys = polygon.map((p) => `${+p.x.toFixed(9)},${+p.y.toFixed(9)}`);
  return [...keys].sort();
}

/** Within a thousandth of a pixel of the expected outline (nudged outlines move less). */
function expectNear(result: readonly Point[] | null | undefined, expected: readonly Point[]) {
  expect(result).toBeTruthy();
  const agreement = contourAgreement(result!, expected, [1, 1]);
  expect(agreement.hausdorffMm).toBeLessThan(1e-3);
  expect(agreement.dice).toBeCloseTo(1, 4);
}

/** A star around (cx, cy): vertex k at radii[k], turned by `turn` radians. */
const star = (cx: number, cy: number, radii: readonly number[], turn = 0): Point[] =>
  radii.map((r, k) => ({
    x: cx + r * Math.cos(turn + (k / radii.length) * 2 * Math.PI),
    y: cy + r * Math.sin(turn + (k / radii.length) * 2 * Math.PI),
  }));

describe('consensus contour (majority of the filled regions)', () => {
  it('gives identical readers their contour back (nudged apart, then traced)', () => {
    const square = rectangle(10, 10, 30, 20);
    const result = consensusContour([square, square, square])!;
    expect(result.exact).toBe(true);
    expectNear(result.points, square);
    expect(result.region!.area).toBeCloseTo(200, 2);
    result.region!.shared.forEach((area) => expect(area).toBeCloseTo(200, 2));
  });

  it('keeps what at least two of three readers filled', () => {
    const readers = [rectangle(0, 0, 10, 10), rectangle(2, 0, 12, 10), rectangle(4, 0, 14, 10)];
    expectNear(consensusContour(readers)?.points, rectangle(2, 0, 12, 10));
    expect(canonical(majorityOnGrid(readers, { cellSize: 0.5 }))).toEqual(
      canonical(rectangle(2, 0, 12, 10)),
    );
    // The majority outvotes a reader who outlined something else entirely.
    const [a, , c] = readers;
    const outlier = rectangle(40, 40, 50, 50);
    expectNear(consensusContour([a!, outlier, a!])?.points, a!);
    expect(consensusContour([a!, outlier, c!.map((p) => ({ x: p.x + 100, y: p.y }))])).toBeNull();
  });

  it('needs both of two readers: their common region, exact where the outlines only cross', () => {
    const result = consensusContour([rectangle(0, 0, 10, 10), rectangle(5, 5, 15, 15)])!;
    expect(result.exact).toBe(true);
    expect(canonical(result.points)).toEqual(canonical(rectangle(5, 5, 10, 10)));
  });

  it('traces the majority of three crossing outlines exactly, from pieces of their boundaries', () => {
    // At least two of [0,10]x[0,10], [4,14]x[1,11] and [8,18]x[2,12]: the union of
    // [4,10]x[1,10] and [8,14]x[2,11].
    const readers = [rectangle(0, 0, 10, 10), rectangle(4, 1, 14, 11), rectangle(8, 2, 18, 12)];
    const result = consensusContour(readers)!;
    expect(result.exact).toBe(true);
    const expected = [
      [4, 1],
      [10, 1],
      [10, 2],
      [14, 2],
      [14, 11],
      [8, 11],
      [8, 10],
      [4, 10],
    ].map(([x, y]) => ({ x: x!, y: y! }));
    expect(canonical(result.points)).toEqual(canonical(expected));
    expect(contourAgreement(result.points, expected, [1, 1]).dice).toBeCloseTo(1, 12);
    // |M| = 54 + 54 - 16; A shares [4,10]x[1,10], B holds all of M, C shares [8,14]x[2,11].
    expect(result.region!.area).toBeCloseTo(92, 9);
    result.region!.shared.forEach((area, k) => expect(area).toBeCloseTo([54, 92, 54][k]!, 9));
  });

  it('agrees with the grid rule within a grid cell', () => {
    const readers = [
      star(50, 50, [20, 24, 18, 22, 25, 19, 21, 23]),
      star(52.3, 49.1, [22, 19, 24, 20, 21, 23, 18, 25], 0.13),
      star(48.7, 51.9, [21, 23, 20, 24, 19, 22, 25, 18], -0.21),
      star(50.9, 50.4, [18, 25, 22, 19, 24, 20, 23, 21], 0.31),
      star(49.2, 48.8, [24, 20, 21, 25, 18, 23, 19, 22], 0.07),
    ];
    for (const count of [2, 3, 4, 5]) {
      const exact = consensusContour(readers.slice(0, count))!;
      expect(exact.exact).toBe(true);
      const grid = majorityOnGrid(readers.slice(0, count), { cellSize: 0.2 })!;
      const agreement = contourAgreement(exact.points, grid, [1, 1]);
      expect(agreement.hausdorffMm).toBeLessThanOrEqual(0.2 * Math.SQRT2);
      expect(agreement.dice).toBeGreaterThan(0.99);
    }
  });

  it('returns the largest region of the grid when the majority falls apart, diagonal neighbours apart', () => {
    // The majority is a big and a small square that touch only at the corner (4, 4).
    const big = rectangle(0, 0, 4, 4);
    const small = rectangle(4, 4, 6, 6);
    const result = majorityOnGrid([big, small, rectangle(0, 0, 6, 6)], { cellSize: 1 });
    expect(canonical(result)).toEqual(canonical(big));
  });

  it('stays within a grid cell of a smooth contour', () => {
    const circle = Array.from({ length: 48 }, (_, k) => ({
      x: 50 + 20 * Math.cos((k / 48) * 2 * Math.PI),
      y: 60 + 20 * Math.sin((k / 48) * 2 * Math.PI),
    }));
    const result = majorityOnGrid([circle, circle, circle], { cellSize: 0.25 })!;
    const agreement = contourAgreement(circle, result, [1, 1]);
    expect(agreement.hausdorffMm).toBeLessThanOrEqual(0.25 * Math.SQRT2);
    expect(agreement.dice).toBeGreaterThan(0.99);
  });

  it('bounds the grid: a huge contour gets coarser cells', () => {
    const huge = rectangle(0, 0, 100_000, 50_000);
    const result = majorityOnGrid([huge, huge], { cellSize: 0.25 });
    expect(canonical(result)).toEqual(canonical(huge));
  });

  it('refuses contours with too few or non-finite vertices, and a cell of no size', () => {
    const square = rectangle(0, 0, 1, 1);
    expect(() => consensusContour([square, square.slice(0, 2)])).toThrow(ContourError);
    expect(() => consensusContour([square, [{ x: NaN, y: 0 }, ...square]])).toThrow(ContourError);
    expect(() => consensusContour([square], { cellSize: 0 })).toThrow(ContourError);
    expect(consensusContour([])).toBeNull();
  });

  it('does not depend on the order of the readers', () => {
    // Integer stars often share vertices or edges (the grid), turned ones only cross (exact).
    const stars = fc
      .record({
        cx: fc.integer({ min: 20, max: 40 }),
        cy: fc.integer({ min: 20, max: 40 }),
        radii: fc.array(fc.integer({ min: 5, max: 15 }), { minLength: 4, maxLength: 10 }),
        turn: fc.constantFrom(0, 0.1, 0.37),
      })
      .map(({ cx, cy, radii, turn }) => star(cx, cy, radii, turn));
    fc.assert(
      fc.property(fc.array(stars, { minLength: 1, maxLength: 5 }), fc.nat(), (readers, seed) => {
        const shuffled = [...readers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = consensusContour(readers, { cellSize: 0.5 });
        const b = consensusContour(shuffled, { cellSize: 0.5 });
        expect(b?.exact).toBe(a?.exact);
        expect(canonical(b?.points)).toEqual(canonical(a?.points));
      }),
      { numRuns: 200 },
    );
  });
});
