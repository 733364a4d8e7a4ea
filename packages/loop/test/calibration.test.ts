import { describe, expect, it } from 'vitest';
import {
  applyTemperature,
  createRng,
  expectedCalibrationError,
  fitCalibrator,
  fitSigmoid,
  fitTemperature,
} from '../src/index.js';
import { gaussian, sampleLabels, softmaxRows } from './fixtures.js';

/** Labels drawn from softmax(z); the model reports softmax(scale x z). */
function synthetic(count: number, classCount: number, scale: number, seed: number) {
  const rng = createRng(seed);
  const logits = Array.from({ length: count }, () =>
    Array.from({ length: classCount }, () => 1.5 * gaussian(rng)),
  );
  const labels = sampleLabels(softmaxRows(logits), classCount, rng);
  return { labels, reported: softmaxRows(logits, scale) };
}

describe('temperature scaling', () => {
  it('recovers a known temperature from an overconfident model', () => {
    const { labels, reported } = synthetic(20_000, 4, 2.5, 1);
    expect(fitTemperature(reported, labels, 4)).toBeCloseTo(2.5, 0);
    expect(Math.abs(fitTemperature(reported, labels, 4) - 2.5)).toBeLessThan(0.15);
  });

  it('recovers an underconfident one too, and T = 1 for a calibrated one', () => {
    const under = synthetic(20_000, 3, 0.5, 2);
    expect(Math.abs(fitTemperature(under.reported, under.labels, 3) - 0.5)).toBeLessThan(0.05);
    const calibrated = synthetic(20_000, 3, 1, 3);
    expect(Math.abs(fitTemperature(calibrated.reported, calibrated.labels, 3) - 1)).toBeLessThan(
      0.08,
    );
  });

  it('keeps rows summing to 1 and the argmax unchanged', () => {
    const { reported } = synthetic(100, 5, 2, 4);
    const scaled = applyTemperature(reported, 5, 3);
    for (let i = 0; i < 100; i++) {
      const row = Array.from(scaled.subarray(i * 5, i * 5 + 5));
      const raw = Array.from(reported.subarray(i * 5, i * 5 + 5));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.indexOf(Math.max(...row))).toBe(raw.indexOf(Math.max(...raw)));
    }
  });
});

describe('expected calibration error', () => {
  it('is near 0 for a perfectly calibrated source and large for an overconfident one', () => {
    const calibrated = synthetic(20_000, 3, 1, 5);
    expect(expectedCalibrationError(calibrated.reported, calibrated.labels, 3)).toBeLessThan(0.02);
    const over = synthetic(20_000, 3, 3, 5);
    const before = expectedCalibrationError(over.reported, over.labels, 3);
    expect(before).toBeGreaterThan(0.1);
    const calibrator = fitCalibrator('temperature', over.reported, over.labels, 3);
    expect(expectedCalibrationError(calibrator.apply(over.reported), over.labels, 3)).toBeLessThan(
      0.02,
    );
  });

  it('is exactly the confidence gap when every prediction is wrong', () => {
    const probabilities = new Float32Array([0.8, 0.2, 0.8, 0.2]);
    expect(expectedCalibrationError(probabilities, [1, 1], 2)).toBeCloseTo(0.8, 6);
  });
});

describe('Platt scaling', () => {
  it('recovers a known sigmoid', () => {
    const rng = createRng(9);
    const scores = Array.from({ length: 20_000 }, () => 2 * gaussian(rng));
    const targets = scores.map((s) => (rng.next() < 1 / (1 + Math.exp(-(2 * s - 1))) ? 1 : 0));
    const [a, b] = fitSigmoid(scores, targets);
    expect(Math.abs(a - 2)).toBeLessThan(0.15);
    expect(Math.abs(b + 1)).toBeLessThan(0.15);
  });

  it('calibrates an overconfident binary and multi-class model', () => {
    for (const classCount of [2, 3]) {
      const over = synthetic(20_000, classCount, 3, 10 + classCount);
      const calibrator = fitCalibrator('platt', over.reported, over.labels, classCount);
      const after = calibrator.apply(over.reported);
      expect(expectedCalibrationError(after, over.labels, classCount)).toBeLessThan(
        expectedCalibrationError(over.reported, over.labels, classCount) / 3,
      );
      for (let i = 0; i < 50; i++) {
        expect(
          Array.from(after.subarray(i * classCount, (i + 1) * classCount)).reduce(
            (x, y) => x + y,
            0,
          ),
        ).toBeCloseTo(1, 5);
      }
    }
  });
});
