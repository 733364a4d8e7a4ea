import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  certifyThreshold,
  clopperPearsonUpper,
  createRng,
  type Rng,
} from '../src/index.js';

describe('exact binomial bound', () => {
  it('gives the binomial CDF', () => {
    expect(binomialCdf(5, 10, 0.5)).toBeCloseTo(638 / 1024, 12);
    expect(binomialCdf(0, 20, 0.1)).toBeCloseTo(0.9 ** 20, 12);
    expect(binomialCdf(3, 3, 0.7)).toBe(1);
    // Far tails of large n neither underflow to 0 too early nor go wrong.
    expect(binomialCdf(100, 10_000, 0.01)).toBeCloseTo(0.5266, 3);
  });

  it('matches the closed form at zero errors, 1 - delta^(1/n)', () => {
    for (const n of [1, 10, 230, 5000]) {
      expect(clopperPearsonUpper(0, n, 0.1)).toBeCloseTo(1 - 0.1 ** (1 / n), 10);
    }
    expect(clopperPearsonUpper(7, 7, 0.1)).toBe(1);
  });

  it('is the p where P(Binomial(n, p) <= k) = delta', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (n, share, delta) => {
          const k = Math.min(n - 1, Math.floor(share * n));
          const upper = clopperPearsonUpper(k, n, delta);
          expect(upper).toBeGreaterThanOrEqual(k / n);
          expect(binomialCdf(k, n, upper)).toBeCloseTo(delta, 6);
        },
      ),
    );
  });
});

/**
 * Synthetic scores: a sample's error probability q = qMax * U^shape (U uniform) and its
 * prediction is wrong with probability q. Calibrated scores say confidence 1 - q; underconfident
 * ones (`doubt` > 1, as Platt scaling on a small V gives) say 1 - min(1, doubt * q). The true
 * error of accepting every sample at or above confidence t = 1 - s is then
 * E[q | q <= s / doubt] = min(s / doubt, qMax) / (shape + 1).
 */
function syntheticValidation(count: number, qMax: number, shape: number, doubt: number, rng: Rng) {
  const confidence = new Float64Array(count);
  const correct: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const q = qMax * rng.next() ** shape;
    confidence[i] = 1 - Math.min(1, doubt * q);
    correct.push(rng.next() >= q);
  }
  return { confidence, correct };
}

interface Setting {
  readonly count: number;
  readonly qMax: number;
  readonly shape: number;
  readonly target: number;
  readonly seed: number;
  /** 1: calibrated; above 1: underconfident. */
  readonly doubt?: number;
}

const trueError = (threshold: number, { qMax, shape, doubt = 1 }: Setting): number =>
  Math.min((1 - threshold) / doubt, qMax) / (shape + 1);

/** Over `trials` fresh V sets: how often a rule's threshold has a true error above the target. */
function violationRate(
  rule: (v: ReturnType<typeof syntheticValidation>) => number | null,
  setting: Setting,
  trials: number,
): { violations: number; certified: number } {
  const rng = createRng(setting.seed);
  let violations = 0;
  let certified = 0;
  for (let t = 0; t < trials; t++) {
    const { count, qMax, shape, doubt = 1 } = setting;
    const threshold = rule(syntheticValidation(count, qMax, shape, doubt, rng));
    if (threshold === null) continue;
    certified++;
    if (trueError(threshold, setting) > setting.target) violations++;
  }
  return { violations, certified };
}

describe('certified threshold (fixed-sequence test, delta = 0.1)', () => {
  const delta = 0.1;
  const trials = 200;
  // Binomial(200, 0.1) exceeds 30 with probability under 1%.
  const allowed = 30;

  it(
    'keeps the true auto-label error under the target in at least 1 - delta of V draws',
    {
      timeout: 60_000,
    },
    () => {
      fc.assert(
        fc.property(
          fc.record({
            count: fc.integer({ min: 50, max: 800 }),
            qMax: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
            shape: fc.double({ min: 0.3, max: 3, noNaN: true }),
            target: fc.constantFrom(0.01, 0.05, 0.1),
            seed: fc.integer({ min: 0, max: 2 ** 31 }),
            // Calibrated, or underconfident enough that the sequence may start without errors.
            doubt: fc.constantFrom(1, 1, 2, 5),
          }),
          (setting) => {
            const { violations } = violationRate(
              (v) => certifyThreshold(v, setting.target, delta).threshold,
              setting,
              trials,
            );
            expect(violations).toBeLessThanOrEqual(allowed);
          },
        ),
        { numRuns: 20 },
      );
    },
  );

  it('accepts what the data allow, where the plain observed error breaks the promise', () => {
    // True error at threshold t: min(1 - t, 0.4) / 4, so the target 5% holds exactly at t = 0.8.
    const setting = { count: 1000, qMax: 0.4, shape: 3, target: 0.05, seed: 7 };
    const certified = violationRate(
      (v) => certifyThreshold(v, setting.target, delta).threshold,
      setting,
      trials,
    );
    // The lowest threshold whose observed error is under the target, with no bound.
    const naive = violationRate(
      (v) => {
        const order = Array.from(v.confidence.keys()).sort(
          (a, b) => v.confidence[b]! - v.confidence[a]!,
        );
        let errors = 0;
        let threshold: number | null = null;
        order.forEach((row, i) => {
          if (!v.correct[row]) errors++;
          if (errors / (i + 1) <= setting.target) threshold = v.confidence[row]!;
        });
        return threshold;
      },
      setting,
      trials,
    );
    expect(certified.certified).toBe(trials);
    expect(certified.violations).toBeLessThanOrEqual(allowed);
    expect(naive.violations).toBeGreaterThan(2 * allowed);
  });

  it('certifies nothing when V is too small for the target at this confidence', () => {
    const allRight = (count: number) => ({
      confidence: new Float64Array(count).fill(0.9999),
      correct: Array<boolean>(count).fill(true),
    });
    // 229 right answers cannot vouch for 1% at 90%: 0.99^229 > 0.1.
    expect(certifyThreshold(allRight(229), 0.01, delta).threshold).toBeNull();
    // Calibrated confidences of 0.9999 expect an error by 388 items at 1%; with fewer, the
    // sequence starts where no error could still pass, 230 items.
    expect(certifyThreshold(allRight(230), 0.01, delta)).toMatchObject({
      threshold: 0.9999,
      validationAccepted: 230,
      startedWithoutErrors: true,
    });
    expect(certifyThreshold(allRight(388), 0.01, delta)).toMatchObject({
      threshold: 0.9999,
      validationAccepted: 388,
      validationErrors: 0,
      startedWithoutErrors: false,
    });
  });

  it('still certifies when underconfident probabilities expect more errors than V can absorb', () => {
    // 200 items at a 5% target, true error min(s / 5, 0.2) / 3: the scores say five times the
    // true risk, so the expected errors never pass anywhere and the start comes from zero errors.
    const setting = { count: 200, qMax: 0.2, shape: 2, target: 0.05, seed: 11, doubt: 5 };
    const rng = createRng(3);
    const v = syntheticValidation(setting.count, setting.qMax, setting.shape, setting.doubt, rng);
    expect(certifyThreshold(v, setting.target, delta).startedWithoutErrors).toBe(true);
    const { violations, certified } = violationRate(
      (draw) => certifyThreshold(draw, setting.target, delta).threshold,
      setting,
      trials,
    );
    // Without that start nothing would pass; with it, most draws accept something.
    expect(certified).toBeGreaterThan(trials * 0.75);
    expect(violations).toBeLessThanOrEqual(allowed);
  });
});
