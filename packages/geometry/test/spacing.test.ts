import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  distanceMm,
  isValidPixelSpacing,
  mmToPx,
  polygonAreaMm2,
  polygonPerimeterMm,
  polylineLengthMm,
  pxToMm,
  type PixelSpacing,
} from '../src/index.js';

// Rows 0.5 mm apart (y), columns 0.25 mm apart (x): anisotropic on purpose.
const spacing: PixelSpacing = [0.5, 0.25];

describe('px <-> mm', () => {
  it('scales x by the column spacing and y by the row spacing', () => {
    expect(pxToMm({ x: 100, y: 100 }, spacing)).toEqual({ x: 25, y: 50 });
    expect(mmToPx({ x: 25, y: 50 }, spacing)).toEqual({ x: 100, y: 100 });
  });

  it('measures horizontal, vertical and diagonal rulers with the right spacing', () => {
    const o = { x: 0, y: 0 };
    expect(distanceMm(o, { x: 40, y: 0 }, spacing)).toBe(10);
    expect(distanceMm(o, { x: 0, y: 40 }, spacing)).toBe(20);
    // 120 columns = 30 mm across, 80 rows = 40 mm down: a 30-40-50 triangle
    expect(distanceMm(o, { x: 120, y: 80 }, spacing)).toBe(50);
    expect(polylineLengthMm([o, { x: 40, y: 0 }, { x: 40, y: 40 }], spacing)).toBe(30);
  });

  it('gives area in mm² and perimeter in mm', () => {
    const rect = [
      { x: 0, y: 0 },
      { x: 40, y: 0 },
      { x: 40, y: 20 },
      { x: 0, y: 20 },
    ];
    expect(polygonAreaMm2(rect, spacing)).toBe(100); // 10 mm x 10 mm
    expect(polygonPerimeterMm(rect, spacing)).toBe(40);
  });

  it('accepts only two finite positive spacings', () => {
    expect(isValidPixelSpacing([0.3, 0.3])).toBe(true);
    expect(isValidPixelSpacing([0, 0.3])).toBe(false);
    expect(isValidPixelSpacing([0.3])).toBe(false);
    expect(isValidPixelSpacing([Infinity, 1])).toBe(false);
  });
});

describe('px <-> mm properties', () => {
  it('round-trips points and never shortens a ruler by more than the smaller spacing allows', () => {
    const coordinate = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    const point = fc.record({ x: coordinate, y: coordinate });
    const spacingArb = fc.tuple(
      fc.double({ min: 0.01, max: 5, noNaN: true }),
      fc.double({ min: 0.01, max: 5, noNaN: true }),
    );
    fc.assert(
      fc.property(point, point, spacingArb, (a, b, s) => {
        const back = mmToPx(pxToMm(a, s), s);
        expect(back.x).toBeCloseTo(a.x, 6);
        expect(back.y).toBeCloseTo(a.y, 6);
        const px = Math.hypot(b.x - a.x, b.y - a.y);
        const mm = distanceMm(a, b, s);
        expect(mm).toBeGreaterThanOrEqual(px * Math.min(...s) - 1e-6);
        expect(mm).toBeLessThanOrEqual(px * Math.max(...s) + 1e-6);
      }),
    );
  });
});
