import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Point } from '@medlabel/geometry';
import { consensusContour, ContourError, contourAgreement } from '../src/index.js';

const rectangle = (x0: number, y0: number, x1: number, y1: number): Point[] => [
  { x: x0, y: y0 },
  { x: x1, y: y0 },
  { x: x1, y: y1 },
  { x: x0, y: y1 },
];

/** The same polygon whatever vertex it starts at and whichever way it runs. */
function canonical(polygon: readonly Point[]): string[] {
  const keys = polygon.map((p) => `${p.x},${p.y}`);
  return [...keys].sort();
}

describe('consensus contour (majority of the filled regions)', () => {
  it('gives identical readers their contour back (on the grid)', () => {
    const square = rectangle(10, 10, 30, 20);
    const result = consensusContour([square, square, square])!;
    expect(canonical(result)).toEqual(canonical(square));
  });

  it('keeps what at least two of three readers filled', () => {
    const readers = [rectangle(0, 0, 10, 10), rectangle(2, 0, 12, 10), rectangle(4, 0, 14, 10)];
    expect(canonical(consensusContour(readers, { cellSize: 0.5 })!)).toEqual(
      canonical(rectangle(2, 0, 12, 10)),
    );
    // The majority outvotes a reader who outlined something else entirely.
    const [a, , c] = readers;
    const outlier = rectangle(40, 40, 50, 50);
    expect(canonical(consensusContour([a!, outlier, a!])!)).toEqual(canonical(a!));
    expect(consensusContour([a!, outlier, c!.map((p) => ({ x: p.x + 100, y: p.y }))])).toBeNull();
  });

  it('needs both of two readers: their common region', () => {
    const result = consensusContour([rectangle(0, 0, 10, 10), rectangle(5, 5, 15, 15)], {
      cellSize: 1,
    })!;
    expect(canonical(result)).toEqual(canonical(rectangle(5, 5, 10, 10)));
  });

  it('returns the largest region when the majority falls apart, diagonal neighbours apart', () => {
    // The majority is a big and a small square that touch only at the corner (4, 4).
    const big = rectangle(0, 0, 4, 4);
    const small = rectangle(4, 4, 6, 6);
    const result = consensusContour([big, small, rectangle(0, 0, 6, 6)], { cellSize: 1 })!;
    expect(canonical(result)).toEqual(canonical(big));
  });

  it('stays within a grid cell of a smooth contour', () => {
    const circle = Array.from({ length: 48 }, (_, k) => ({
      x: 50 + 20 * Math.cos((k / 48) * 2 * Math.PI),
      y: 60 + 20 * Math.sin((k / 48) * 2 * Math.PI),
    }));
    const result = consensusContour([circle, circle, circle], { cellSize: 0.25 })!;
    const agreement = contourAgreement(circle, result, [1, 1]);
    expect(agreement.hausdorffMm).toBeLessThanOrEqual(0.25 * Math.SQRT2);
    expect(agreement.dice).toBeGreaterThan(0.99);
  });

  it('bounds the grid: a huge contour gets coarser cells', () => {
    const huge = rectangle(0, 0, 100_000, 50_000);
    const result = consensusContour([huge, huge], { cellSize: 0.25 })!;
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
    const star = fc
      .record({
        cx: fc.integer({ min: 20, max: 40 }),
        cy: fc.integer({ min: 20, max: 40 }),
        radii: fc.array(fc.integer({ min: 5, max: 15 }), { minLength: 4, maxLength: 10 }),
      })
      .map(({ cx, cy, radii }) =>
        radii.map((r, i) => ({
          x: cx + r * Math.cos((i / radii.length) * 2 * Math.PI),
          y: cy + r * Math.sin((i / radii.length) * 2 * Math.PI),
        })),
      );
    fc.assert(
      fc.property(fc.array(star, { minLength: 1, maxLength: 5 }), fc.nat(), (readers, seed) => {
        const shuffled = [...readers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = consensusContour(readers, { cellSize: 0.5 });
        const b = consensusContour(shuffled, { cellSize: 0.5 });
        expect(b === null ? null : canonical(b)).toEqual(a === null ? null : canonical(a));
      }),
      { numRuns: 200 },
    );
  });
});
