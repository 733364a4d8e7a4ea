import { describe, expect, it } from 'vitest';
import {
  labelsRandomNeeds,
  labelsToReach,
  randomBaselineCurve,
  spread,
  type ExperimentSummary,
  type StrategySummary,
} from '../src/index.js';

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

describe('random baseline pooled over reports', () => {
  const point = (labels: number, accuracy: number) => ({
    round: 0,
    runs: 1,
    humanLabels: spread([labels]),
    testAccuracy: spread([accuracy]),
    manualShare: null,
  });
  const summary = (
    strategy: StrategySummary['strategy'],
    curve: [number, number][],
    full: [number, number] | null,
  ): ExperimentSummary => ({
    strategies: [
      {
        strategy,
        curve: curve.map(([x, y]) => point(x, y)),
        finalTestAccuracy: spread([curve.at(-1)![1]]),
        finalHumanLabels: spread([curve.at(-1)![0]]),
      } as StrategySummary,
    ],
    fullSupervision: full ? { trainingSize: full[0], testAccuracy: spread([full[1]]) } : null,
    comparisons: [],
  });

  it('joins random runs of several rates and the ceiling, averaging equal label counts', () => {
    const at25 = summary(
      'random',
      [
        [100, 0.7],
        [150, 0.74],
        [200, 0.76],
      ],
      [900, 0.9],
    );
    const at50 = summary(
      'random',
      [
        [100, 0.7],
        [200, 0.8],
        [300, 0.84],
      ],
      null,
    );
    const loop = summary(
      'threshold',
      [
        [100, 0.7],
        [250, 0.86],
      ],
      [900, 0.88],
    );
    expect(randomBaselineCurve([at25, at50, loop])).toEqual([
      { x: 100, y: 0.7 },
      { x: 150, y: 0.74 },
      { x: 200, y: 0.78 },
      { x: 300, y: 0.84 },
      { x: 900, y: 0.89 },
    ]);
    // 0.86 lies between 300 (0.84) and 900 (0.89): 300 + 0.4 x 600 = 540 labels, 2.16x of 250.
    const needs = labelsRandomNeeds(loop.strategies[0]!, randomBaselineCurve([at25, at50, loop]));
    expect(needs.randomLabels).toBeCloseTo(540);
    expect(needs.ratio).toBeCloseTo(2.16);
  });
});
