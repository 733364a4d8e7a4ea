import { describe, expect, it } from 'vitest';
import { hitMidpoint, hitShape, hitVertex, midpoints } from '../src/hit-test.js';
import type { Shape } from '../src/types.js';

const square: Shape = {
  id: 'sq',
  tool: 'contour',
  kind: 'polygon',
  points: [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 10 },
    { x: 0, y: 10 },
  ],
};
const line: Shape = {
  id: 'ln',
  tool: 'line',
  kind: 'polyline',
  points: [
    { x: 20, y: 0 },
    { x: 20, y: 10 },
  ],
};
const point: Shape = {
  id: 'kp',
  tool: 'kp',
  kind: 'keypoint',
  name: 'apex',
  points: [{ x: 9, y: 1 }],
};

describe('hit-testing', () => {
  it('prefers the topmost shape and the nearest vertex', () => {
    expect(hitVertex([square, point], { x: 9.5, y: 0.5 }, 2)).toEqual({ shapeId: 'kp', index: 0 });
    expect(hitVertex([square], { x: 9.5, y: 0.5 }, 2)).toEqual({ shapeId: 'sq', index: 1 });
    expect(hitVertex([square], { x: 5, y: 5 }, 2)).toBeNull();
  });

  it('finds midpoints including the closing segment of a polygon', () => {
    expect(midpoints(square).map((m) => m.insertAt)).toEqual([1, 2, 3, 4]);
    expect(hitMidpoint(square, { x: 0, y: 5 }, 1)).toBe(4);
    expect(midpoints(line)).toHaveLength(1);
    expect(midpoints(point)).toEqual([]);
  });

  it('hits inside polygons and near lines', () => {
    expect(hitShape([square, line], { x: 5, y: 5 }, 1)).toBe('sq');
    expect(hitShape([square, line], { x: 20.5, y: 5 }, 1)).toBe('ln');
    expect(hitShape([square, line], { x: 15, y: 5 }, 1)).toBeNull();
  });
});
