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
import { sampleLabels } from './fixtures.js';

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

describe('adaptive threshold (certified on V)', () => {
  // The batch: 100 samples of class 0 at confidences 0.9 to 0.999.
  const probabilities = new Float32Array(
    Array.from({ length: 100 }, (_, i) => [0.9 + i / 1000, 0.1 - i / 1000]).flat(),
  );
  /** V: `count` samples predicted class 0 at confidences spread evenly over [low, 1). */
  const spreadV = (count: number, low: number, wrong: (i: number) => boolean) => ({
    probabilities: new Float32Array(
      Array.from({ length: count }, (_, i) => {
        const c = low + ((1 - low) * i) / count;
        return [c, 1 - c];
      }).flat(),
    ),
    labels: Int32Array.from({ length: count }, (_, i) => (wrong(i) ? 1 : 0)),
  });
  const route = (targetError: number, validation?: RoutingInput['validation']): Routing =>
    adaptiveThresholdStrategy({ targetError }).route({
      probabilities,
      classCount: 2,
      rng: createRng(1),
      ...(validation ? { validation } : {}),
    });

  it('accepts exactly the batch at or above a threshold whose bound is under the target', () => {
    fc.assert(
      fc.property(
        batchArb,
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (input, target, seed) => {
          // V: the batch's own rows with labels drawn from them (calibrated by construction).
          const labels = sampleLabels(input.probabilities, input.classCount, createRng(seed));
          const routing = adaptiveThresholdStrategy({ targetError: target }).route({
            ...input,
            validation: { probabilities: input.probabilities, labels },
          });
          const { confidence } = argmaxRows(input.probabilities, input.classCount);
          expectPartition(routing, rows(input));
          for (const row of routing.autoAccepted)
            expect(confidence[row]).toBeGreaterThanOrEqual(routing.threshold!);
          for (const row of routing.toHuman)
            expect(confidence[row]).toBeLessThan(routing.threshold!);
          const guarantee = routing.guarantee!;
          if (guarantee.met) expect(guarantee.bound!).toBeLessThanOrEqual(target);
          else expect(routing.autoAccepted).toEqual([]);
        },
      ),
    );
  });

  it('accepts more when the target error is looser', () => {
    // 4,000 V items over [0.85, 1): 1 in 400 wrong at or above 0.95 (i >= 2667), 1 in 10 below.
    const validation = spreadV(4000, 0.85, (i) => i % (i < 2667 ? 10 : 400) === 0);
    const accepted = (target: number): number => route(target, validation).autoAccepted.length;
    expect(accepted(0.01)).toBeLessThan(accepted(0.05));
    expect(accepted(0.05)).toBeLessThan(accepted(0.2));
    expect(accepted(0.2)).toBe(100);
  });

  it('states the bound and its confidence when the target is met', () => {
    const routing = route(
      0.05,
      spreadV(1000, 0.97, (i) => i % 100 === 0),
    );
    expect(routing.guarantee).toMatchObject({ met: true, confidence: 0.95, alternatives: [] });
    expect(routing.guarantee!.message).toMatch(
      /^auto-label error at most \d\.\d% \(at most \d+ wrong of the \d+ labels accepted; target 5\.0%\) with 95% confidence: threshold 0\.9\d+, \d+ errors in \d+ of 1000 validation items above it$/,
    );
  });

  it('says in words when no threshold meets the target, and what 5% and 10% would cost', () => {
    // 400 V items with 1 in 100 wrong: one wrong label in the batch of 100 is out of reach, and
    // 400 right V items above a few batch items too few to vouch for them; 5% and 10% are not.
    const routing = route(
      0.01,
      spreadV(400, 0.97, (i) => i % 100 === 3),
    );
    expect(routing.autoAccepted).toEqual([]);
    const guarantee = routing.guarantee!;
    expect(guarantee.met).toBe(false);
    expect(guarantee.alternatives.map((a) => a.targetError)).toEqual([0.05, 0.1]);
    for (const alternative of guarantee.alternatives) {
      expect(alternative.bound!).toBeLessThanOrEqual(alternative.targetError);
      expect(alternative.manualShare).toBeLessThan(1);
    }
    expect(guarantee.message).toMatch(
      /^no threshold keeps the auto-label error under 1\.0% with 95% confidence on 400 validation items, so every item goes to people; a 5\.0% target would bound the error at \d\.\d% and still send \d+\.\d% of this batch to people; a 10\.0% target would bound/,
    );
  });

  it('vouches for only a few labels from a small V, and for none without V', () => {
    // 100 right V items above the batch's top items: one of n batch labels wrong is implausible
    // only while n / (100 + n) <= 5%, so the sequence 1, 2, 4, 8 stops at 4.
    const small = route(
      0.01,
      spreadV(100, 0.999, () => false),
    );
    expect(small.autoAccepted).toEqual([96, 97, 98, 99]);
    expect(small.guarantee!.message).toContain('at most 0 wrong of the 4 labels accepted');
    expect(route(0.01).autoAccepted).toEqual([]);
    expect(route(0.01).guarantee!.validationCount).toBe(0);
  });

  it("spends the slack left by the run's earlier rounds; its bound covers the run", () => {
    // 100 right V items: alone, one wrong label among n is implausible only while n <= 5.
    const validation = spreadV(100, 0.999, () => false);
    const alone = adaptiveThresholdStrategy({ targetError: 0.01 }).route({
      probabilities,
      classCount: 2,
      rng: createRng(1),
      validation,
    });
    // An earlier round accepted 400 labels on 2,000 right V items: 4 wrong allowed, 1 bounded.
    const earlier = [{ batchAccepted: 400, validationAccepted: 2000, validationErrors: 0 }];
    const routing = adaptiveThresholdStrategy({ targetError: 0.01 }).route({
      probabilities,
      classCount: 2,
      rng: createRng(1),
      validation,
      earlier,
    });
    expect(routing.autoAccepted.length).toBeGreaterThan(alone.autoAccepted.length);
    const accepted = routing.autoAccepted.length;
    expect(routing.guarantee).toMatchObject({
      met: true,
      accepted: { batchAccepted: accepted, validationErrors: 0 },
    });
    expect(routing.guarantee!.bound!).toBeLessThanOrEqual(0.01);
    expect(routing.guarantee!.message).toContain(
      `labels accepted in this run, ${accepted} of them from this batch`,
    );
  });

  it('accepts nothing when V shows the confident predictions are often wrong', () => {
    const routing = route(
      0.01,
      spreadV(400, 0.97, (i) => i % 4 === 0),
    );
    expect(routing.autoAccepted).toEqual([]);
    expect(routing.guarantee!.message).toMatch(
      /a 5\.0% target cannot be met either; a 10\.0% target cannot be met either$/,
    );
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
