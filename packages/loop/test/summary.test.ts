import { describe, expect, it } from 'vitest';
import { labelsToReach, spread } from '../src/index.js';

describe('labels needed for an accuracy', () => {
  const curve = [
    { x: 100, y: 0.8 },
    { x: 200, y: 0.9 },
    { x: 300, y: 0.95 },
  ];
  it('interpolates linearly', () => {
    expect(labelsToReach(curve, 0.85)).toBeCloseTo(150);
    expect(labelsToReach(curve, 0.8)).toBe(100);
    expect(labelsToReach(curve, 0.96)).toBeNull();
  });
  it('ignores an early touch the curve falls back from', () => {
    const noisy = [{ x: 50, y: 0.91 }, { x: 100, y: 0.85 }, ...curve.slice(1)];
    expect(labelsToReach(noisy, 0.9)).toBe(200);
  });
  it('computes mean and sample standard deviation', () => {
    expect(spread([1, 2, 3])).toEqual({ mean: 2, std: 1, min: 1, max: 3 });
  });
});
