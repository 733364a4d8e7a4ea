import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  boundingBox,
  closestPointOnSegment,
  distance,
  distanceToPolyline,
  distanceToSegment,
  isInsideImage,
  polylineLength,
  segmentsIntersect,
} from '../src/index.js';

describe('distances', () => {
  it('measures a 3-4-5 triangle and a polyline', () => {
    expect(distance({ x: 1, y: 1 }, { x: 4, y: 5 })).toBe(5);
    expect(
      polylineLength([
        { x: 0, y: 0 },
        { x: 3, y: 4 },
        { x: 3, y: 10 },
      ]),
    ).toBe(11);
    expect(polylineLength([{ x: 1, y: 1 }])).toBe(0);
  });

  it('measures the distance to a segment inside and beyond its ends', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 10, y: 0 };
    expect(distanceToSegment({ x: 5, y: 3 }, a, b)).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, a, b)).toBe(5);
    expect(distanceToSegment({ x: -3, y: -4 }, a, b)).toBe(5);
    expect(distanceToSegment({ x: 2, y: 2 }, a, a)).toBeCloseTo(Math.SQRT2 * 2, 12);
    expect(closestPointOnSegment({ x: 7, y: -2 }, a, b)).toEqual({ x: 7, y: 0 });
  });

  it('never reports a segment closer than its nearest end point allows', () => {
    const pt = fc.record({
      x: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      y: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    });
    fc.assert(
      fc.property(pt, pt, pt, (p, a, b) => {
        const d = distanceToSegment(p, a, b);
        expect(d).toBeLessThanOrEqual(Math.min(distance(p, a), distance(p, b)) + 1e-9);
        expect(d).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('measures the distance to open and closed lines', () => {
    const corner = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
    ];
    expect(distanceToPolyline({ x: 2, y: 6 }, corner, false)).toBe(6);
    expect(distanceToPolyline({ x: 2, y: 6 }, corner, true)).toBeCloseTo((4 / Math.SQRT2) * 1, 12);
    expect(distanceToPolyline({ x: 1, y: 1 }, [], false)).toBe(Infinity);
  });
});

describe('segmentsIntersect', () => {
  it('detects crossing, touching and collinear overlap', () => {
    const p = (x: number, y: number) => ({ x, y });
    expect(segmentsIntersect(p(0, 0), p(2, 2), p(0, 2), p(2, 0))).toBe(true);
    expect(segmentsIntersect(p(0, 0), p(2, 0), p(2, 0), p(3, 5))).toBe(true);
    expect(segmentsIntersect(p(0, 0), p(2, 0), p(1, 0), p(3, 0))).toBe(true);
    expect(segmentsIntersect(p(0, 0), p(1, 0), p(2, 0), p(3, 0))).toBe(false);
    expect(segmentsIntersect(p(0, 0), p(1, 1), p(0, 1), p(0.4, 0.6))).toBe(false);
  });
});

describe('bounds', () => {
  it('computes the bounding box and image containment', () => {
    expect(
      boundingBox([
        { x: 3, y: -1 },
        { x: -2, y: 7 },
        { x: 0, y: 0 },
      ]),
    ).toEqual({ minX: -2, minY: -1, maxX: 3, maxY: 7 });
    expect(boundingBox([])).toBeNull();
    expect(isInsideImage({ x: 512, y: 0 }, 512, 256)).toBe(true);
    expect(isInsideImage({ x: 512.5, y: 0 }, 512, 256)).toBe(false);
    expect(isInsideImage({ x: 0, y: -0.1 }, 512, 256)).toBe(false);
  });
});
