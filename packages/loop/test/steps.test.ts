import { describe, expect, it } from 'vitest';
import {
  createLogisticRegression,
  createRng,
  resolveLabels,
  routeBatch,
  thresholdStrategy,
  trainAndCalibrate,
  wilsonInterval,
} from '../src/index.js';
import { blobs, softmaxRows } from './fixtures.js';

describe('the loop steps the platform drives', () => {
  it('trains, calibrates and scores on V, reporting V accuracy after every epoch', async () => {
    const training = blobs(300, 3, 4, 3, 1);
    const validation = blobs(90, 3, 4, 3, 2);
    const epochs: [number, number][] = [];
    const model = await trainAndCalibrate(
      createLogisticRegression(3, { seed: 1, epochs: 5 }),
      training,
      validation,
      { onValidation: (epoch, accuracy) => epochs.push([epoch, accuracy]) },
    );
    // At least the epochs asked for (tiny sets get more, for a minimum of steps), each once.
    expect(epochs.length).toBeGreaterThanOrEqual(5);
    expect(epochs.map(([epoch]) => epoch)).toEqual(epochs.map((_, i) => i + 1));
    // The last epoch's weights are the model's: the same accuracy before calibration changes ties.
    expect(Math.abs(epochs.at(-1)![1] - model.validationAccuracy)).toBeLessThan(0.05);
    expect(model.validationAccuracy).toBeGreaterThan(0.85);
    expect(model.confusion.flat().reduce((a, b) => a + b, 0)).toBe(90);
    expect(model.validationProbabilities).toHaveLength(90 * 3);
  });

  it('routes a batch: predicted class, confidence and who labels each row', () => {
    const probabilities = softmaxRows([
      [5, 0, 0],
      [0.1, 0, 0],
      [0, 0, 6],
    ]);
    const { predicted, confidence, routing } = routeBatch({
      probabilities,
      classCount: 3,
      strategy: thresholdStrategy(0.9),
      rng: createRng(1),
    });
    expect([...predicted]).toEqual([0, 0, 2]);
    expect(confidence[1]).toBeLessThan(0.5);
    expect(routing.autoAccepted).toEqual([0, 2]);
    expect(routing.toHuman).toEqual([1]);
  });

  it("resolves training labels: people's majority over the model, the first label on a tie", () => {
    const labels = resolveLabels([
      { id: 'a', label: 1, source: 'model' },
      { id: 'a', label: 2, source: 'human' },
      { id: 'b', label: 0, source: 'human' },
      { id: 'b', label: 1, source: 'human' },
      { id: 'c', label: 1, source: 'human' },
      { id: 'c', label: 0, source: 'human' },
      { id: 'c', label: 0, source: 'human' },
      { id: 'd', label: 2, source: 'model' },
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      a: { label: 2, source: 'human' },
      b: { label: 0, source: 'human' },
      c: { label: 0, source: 'human' },
      d: { label: 2, source: 'model' },
    });
  });

  it('takes the consensus when asked: a reference standard first, a tie left out', () => {
    const votes = [
      { id: 'a', label: 0, source: 'human' },
      { id: 'a', label: 1, source: 'human' },
      { id: 'a', label: 2, source: 'model' },
      { id: 'b', label: 0, source: 'human' },
      { id: 'b', label: 1, source: 'human' },
      { id: 'b', label: 1, source: 'reference' },
      { id: 'c', label: 2, source: 'human' },
      { id: 'c', label: 2, source: 'human' },
      { id: 'c', label: 0, source: 'human' },
    ] as const;
    expect(Object.fromEntries(resolveLabels(votes, { ties: 'consensus' }))).toEqual({
      b: { label: 1, source: 'human' },
      c: { label: 2, source: 'human' },
    });
    expect(resolveLabels(votes).get('a')).toEqual({ label: 0, source: 'human' });
  });

  it('gives a Wilson interval that stays open at zero errors and small samples', () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: Number.NaN, low: 0, high: 1 });
    const none = wilsonInterval(0, 20);
    expect(none.rate).toBe(0);
    expect(none.low).toBe(0);
    // 0 of 20 still allows about 16% errors at 95%.
    expect(none.high).toBeCloseTo(0.161, 2);
    const some = wilsonInterval(5, 100);
    expect(some.low).toBeCloseTo(0.0215, 3);
    expect(some.high).toBeCloseTo(0.1118, 3);
  });
});
