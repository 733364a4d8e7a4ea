import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptiveThresholdStrategy,
  argmaxRows,
  createRng,
  randomStrategy,
  thresholdStrategy,
  uncertainty,
  uncertaintyStrategy,
  withAudit,
  type Routing,
  type RoutingInput,
} from '../src/index.js';

/** Arbitrary batches of probability rows (2 to 5 classes, 0 to 60 samples) and a seed. */
const batchArb = fc
  .record({
    classCount: fc.integer({ min: 2, max: 5 }),
    count: fc.integer({ min: 0, max: 60 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .chain(({ classCount, count, seed }) =>
    fc
      .array(fc.float({ min: Math.fround(0.001), max: 1, noNaN: true }), {
        minLength: classCount * count,
        maxLength: classCount * count,
      })
      .map((raw): RoutingInput => {
        const probabilities = new Float32Array(raw.length);
        for (let i = 0; i < count; i++) {
          const row = raw.slice(i * classCount, (i + 1) * classCount);
          const sum = row.reduce((a, b) => a + b, 0);
          row.forEach((v, k) => (probabilities[i * classCount + k] = v / sum));
        }
        return { probabilities, classCount, rng: createRng(seed) };
      }),
  );

function expectPartition(routing: Routing, count: number): void {
  const all = [...routing.toHuman, ...routing.autoAccepted, ...routing.skipped];
  expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  for (const row of routing.audited) expect(routing.toHuman).toContain(row);
}

const rows = (input: RoutingInput): number => input.probabilities.length / input.classCount;

describe('threshold strategy', () => {
  it('auto-accepts exactly the samples at or above t and sends the rest to humans', () => {
    fc.assert(
      fc.property(batchArb, fc.double({ min: 0.3, max: 1, noNaN: true }), (input, t) => {
        const routing = thresholdStrategy(t).route(input);
        const { confidence } = argmaxRows(input.probabilities, input.classCount);
        expectPartition(routing, rows(input));
        for (const row of routing.toHuman) expect(confidence[row]).toBeLessThan(t);
        for (const row of routing.autoAccepted) expect(confidence[row]).toBeGreaterThanOrEqual(t);
        expect(routing.skipped).toEqual([]);
      }),
    );
  });
});

describe('random strategy', () => {
  it('sends round(rate x n) distinct random samples to humans and auto-accepts nothing', () => {
    fc.assert(
      fc.property(batchArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, rate) => {
        const routing = randomStrategy(rate).route(input);
        expectPartition(routing, rows(input));
        expect(routing.toHuman).toHaveLength(Math.round(rate * rows(input)));
        expect(new Set(routing.toHuman).size).toBe(routing.toHuman.length);
        expect(routing.autoAccepted).toEqual([]);
      }),
    );
  });

  it('picks different samples with different seeds', () => {
    const probabilities = new Float32Array(200).fill(0.5);
    const pick = (seed: number): readonly number[] =>
      randomStrategy(0.25).route({ probabilities, classCount: 2, rng: createRng(seed) }).toHuman;
    expect(pick(1)).toEqual(pick(1));
    expect(pick(1)).not.toEqual(pick(2));
  });
});

describe('uncertainty sampling', () => {
  for (const measure of ['least-confidence', 'margin', 'entropy'] as const) {
    it(`${measure}: top-k returns k distinct samples, the most uncertain ones, and accepts nothing`, () => {
      fc.assert(
        fc.property(batchArb, fc.integer({ min: 0, max: 80 }), (input, k) => {
          const routing = uncertaintyStrategy(measure, k).route(input);
          const n = rows(input);
          expectPartition(routing, n);
          expect(routing.toHuman).toHaveLength(Math.min(k, n));
          expect(new Set(routing.toHuman).size).toBe(routing.toHuman.length);
          expect(routing.autoAccepted).toEqual([]);
          const score = (row: number): number =>
            uncertainty(
              measure,
              input.probabilities.subarray(row * input.classCount, (row + 1) * input.classCount),
            );
          const lowestChosen = Math.min(...routing.toHuman.map(score));
          for (const row of routing.skipped) expect(score(row)).toBeLessThanOrEqual(lowestChosen);
        }),
      );
    });
  }

  it('ranks a flat row as more uncertain than a peaked one under every measure', () => {
    for (const measure of ['least-confidence', 'margin', 'entropy'] as const) {
      expect(uncertainty(measure, [0.34, 0.33, 0.33])).toBeGreaterThan(
        uncertainty(measure, [0.9, 0.05, 0.05]),
      );
    }
  });
});

describe('adaptive threshold', () => {
  it('keeps the estimated error of auto-accepted samples under the target', () => {
    fc.assert(
      fc.property(batchArb, fc.double({ min: 0, max: 0.2, noNaN: true }), (input, target) => {
        const routing = adaptiveThresholdStrategy({ targetError: target }).route(input);
        const { confidence } = argmaxRows(input.probabilities, input.classCount);
        expectPartition(routing, rows(input));
        const accepted = routing.autoAccepted.map((row) => confidence[row]!);
        if (accepted.length > 0) {
          const estimate = accepted.reduce((a, c) => a + (1 - c), 0) / accepted.length;
          expect(estimate).toBeLessThanOrEqual(target + 1e-6);
          expect(Math.min(...accepted)).toBeGreaterThanOrEqual(0.5);
        }
        for (const row of routing.toHuman) expect(confidence[row]).toBeLessThan(routing.threshold!);
      }),
    );
  });

  it('accepts more when the target error is looser', () => {
    const probabilities = new Float32Array(
      Array.from({ length: 100 }, (_, i) => [0.5 + i / 200, 0.5 - i / 200]).flat(),
    );
    const accepted = (target: number): number =>
      adaptiveThresholdStrategy({ targetError: target }).route({
        probabilities,
        classCount: 2,
        rng: createRng(1),
      }).autoAccepted.length;
    expect(accepted(0.01)).toBeLessThan(accepted(0.05));
    expect(accepted(0.05)).toBeLessThan(accepted(0.2));
  });
});

describe('adaptive threshold checked against V', () => {
  const probabilities = new Float32Array(
    Array.from({ length: 100 }, (_, i) => [0.9 + i / 1000, 0.1 - i / 1000]).flat(),
  );
  const route = (validation: RoutingInput['validation']): Routing =>
    adaptiveThresholdStrategy({ targetError: 0.1 }).route({
      probabilities,
      classCount: 2,
      rng: createRng(1),
      validation,
    });
  // V: 200 samples at confidence 0.99 for class 0.
  const vProbabilities = new Float32Array(Array.from({ length: 200 }, () => [0.99, 0.01]).flat());

  it('keeps the batch estimate when V, spread over the same confidences, agrees with it', () => {
    const spreadV = new Float32Array(
      Array.from({ length: 200 }, (_, i) => [0.85 + i / 1400, 0.15 - i / 1400]).flat(),
    );
    const right = route({ probabilities: spreadV, labels: new Int32Array(200) });
    expect(right.autoAccepted).toEqual(route(undefined).autoAccepted);
    expect(right.autoAccepted).toHaveLength(100);
  });

  it('does not vouch below the confidences V has seen', () => {
    expect(
      route({ probabilities: vProbabilities, labels: new Int32Array(200) }).threshold,
    ).toBeCloseTo(0.99, 6);
  });

  it('accepts nothing when V shows the confident predictions are often wrong', () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    expect(route({ probabilities: vProbabilities, labels }).autoAccepted).toEqual([]);
  });

  it('accepts nothing when V is too small to vouch for the target', () => {
    expect(
      route({ probabilities: vProbabilities.subarray(0, 16), labels: new Int32Array(8) })
        .autoAccepted,
    ).toEqual([]);
  });
});

describe('audit share', () => {
  it('sends round(share x auto-accepted) confident samples to humans as audits', () => {
    fc.assert(
      fc.property(batchArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, share) => {
        const base = thresholdStrategy(0.6).route({ ...input, rng: createRng(0) });
        const routing = withAudit(thresholdStrategy(0.6), share).route(input);
        const { confidence } = argmaxRows(input.probabilities, input.classCount);
        expectPartition(routing, rows(input));
        expect(routing.audited).toHaveLength(Math.round(share * base.autoAccepted.length));
        for (const row of routing.audited) {
          expect(confidence[row]).toBeGreaterThanOrEqual(0.6);
          expect(routing.autoAccepted).not.toContain(row);
        }
        expect(routing.toHuman.length).toBe(base.toHuman.length + routing.audited.length);
      }),
    );
  });
});
