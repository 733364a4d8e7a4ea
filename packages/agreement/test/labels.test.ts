import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alphaFromCounts,
  bootstrapInterval,
  wilsonInterval,
  cohensKappa,
  confusionMatrix,
  fleissKappa,
  fleissFromCounts,
  krippendorffAlpha,
  labelCounts,
  percentAgreement,
  ReadingsError,
  type KappaWeights,
  type Readings,
} from '../src/index.js';
import referenceSets from '../fixtures/labels.json' with { type: 'json' };
import { expectClose } from './fixtures.js';

interface LabelSet {
  name: string;
  categories: string[];
  readings: (string | null)[][];
  percentAgreement: number;
  fleissKappa: number;
  krippendorffAlpha: number;
  firstTwoReaders: {
    confusionMatrix: number[][];
    percentAgreement: number;
    kappa: Partial<Record<KappaWeights, { ci95: number[] }>>;
  };
}

const column = (readings: Readings, j: number) => readings.map((row) => row[j] ?? null);

describe.each(referenceSets as LabelSet[])('reference set $name', (set) => {
  const first = column(set.readings, 0);
  const second = column(set.readings, 1);

  it('matches percent agreement over all readers and over the first two', () => {
    expectClose(percentAgreement(set.readings), set.percentAgreement);
    expectClose(
      percentAgreement(set.readings.map((row) => row.slice(0, 2))),
      set.firstTwoReaders.percentAgreement,
    );
  });

  it('matches the confusion matrix of the first two readers (sklearn)', () => {
    expect(confusionMatrix(first, second, set.categories)).toEqual(
      set.firstTwoReaders.confusionMatrix,
    );
  });

  it("matches Cohen's kappa, its standard error and interval (sklearn, statsmodels)", () => {
    for (const [weights, reference] of Object.entries(set.firstTwoReaders.kappa)) {
      // statsmodels gives kappa ± 1.96 SE as it falls; ours is cut to [-1, 1].
      const [low, high] = reference.ci95 as [number, number];
      expectClose(
        cohensKappa(first, second, set.categories, weights as KappaWeights),
        { ...reference, ci95: [Math.max(-1, low), Math.min(1, high)] },
        weights,
      );
    }
  });

  it("matches Fleiss' kappa (statsmodels) and Krippendorff's alpha", () => {
    expectClose(fleissKappa(set.readings, set.categories), set.fleissKappa);
    expectClose(krippendorffAlpha(set.readings), set.krippendorffAlpha);
  });
});

const categories = ['a', 'b', 'c', 'd'];
const label = fc.constantFrom(...categories);
const reading = fc.option(label, { nil: null, freq: 4 });
/** 2-6 readers, 5-40 images, some readings missing, every image read at least twice. */
const readingsTable = fc
  .integer({ min: 2, max: 6 })
  .chain((readers) =>
    fc.array(
      fc.tuple(label, label, fc.array(reading, { minLength: readers - 2, maxLength: readers - 2 })),
      { minLength: 5, maxLength: 40 },
    ),
  )
  .map((rows) => rows.map(([a, b, rest]) => [a, b, ...rest]))
  // Every statistic is undefined when all readings share one label (no expected disagreement).
  .filter((rows) => new Set(rows.flat().filter((v) => v !== null)).size > 1);

describe('properties', () => {
  it("Cohen's kappa interval holds kappa and stays within [-1, 1]", () => {
    fc.assert(
      fc.property(readingsTable, fc.constantFrom<KappaWeights>('none', 'linear'), (rows, w) => {
        const a = column(rows, 0);
        const b = column(rows, 1);
        fc.pre(new Set([...a, ...b]).size > 1);
        const { kappa, ci95 } = cohensKappa(a, b, categories, w);
        fc.pre(Number.isFinite(kappa));
        expect(ci95[0]).toBeGreaterThanOrEqual(-1);
        expect(ci95[1]).toBeLessThanOrEqual(1);
        expect(ci95[0]).toBeLessThanOrEqual(kappa + 1e-12);
        expect(ci95[1]).toBeGreaterThanOrEqual(kappa - 1e-12);
      }),
    );
  });

  it('perfect agreement gives 1 for every statistic', () => {
    fc.assert(
      fc.property(readingsTable, (rows) => {
        // Built from the first reader alone: undefined when that reader used one label only.
        fc.pre(new Set(rows.map((row) => row[0])).size > 1);
        const perfect = rows.map((row) => row.map(() => row[0]!));
        const first = column(perfect, 0);
        expect(percentAgreement(perfect)).toBe(1);
        expect(fleissKappa(perfect, categories)).toBeCloseTo(1, 12);
        expect(krippendorffAlpha(perfect)).toBeCloseTo(1, 12);
        for (const w of ['none', 'linear', 'quadratic'] as const) {
          expect(cohensKappa(first, first, categories, w).kappa).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('permuting readers changes nothing', () => {
    fc.assert(
      fc.property(readingsTable, fc.integer(), (rows, seed) => {
        const readers = rows[0]!.length;
        const order = [...Array(readers).keys()].sort(
          (i, j) => Math.sin(seed + i * 7.3) - Math.sin(seed + j * 7.3),
        );
        const permuted = rows.map((row) => order.map((j) => row[j]!));
        expect(fleissKappa(permuted, categories)).toBeCloseTo(fleissKappa(rows, categories), 12);
        expect(krippendorffAlpha(permuted)).toBeCloseTo(krippendorffAlpha(rows), 12);
        expect(percentAgreement(permuted)).toBeCloseTo(percentAgreement(rows), 12);
      }),
    );
  });

  it("Cohen's kappa is symmetric in the two readers and the matrix transposes", () => {
    fc.assert(
      fc.property(readingsTable, (rows) => {
        const a = column(rows, 0);
        const b = column(rows, 1);
        // Kappa is 0/0 when both readers gave one and the same label throughout (the chance
        // agreement is then 1): the table's other readers may still have varied.
        fc.pre(new Set([...a, ...b]).size > 1);
        for (const w of ['none', 'linear', 'quadratic'] as const) {
          const ab = cohensKappa(a, b, categories, w);
          const ba = cohensKappa(b, a, categories, w);
          expect(ba.kappa).toBeCloseTo(ab.kappa, 12);
          // A standard error is the square root of a variance: where that is 0 up to rounding
          // (2.5e-16 in one order, -1e-17 in the other), the roots differ by about 1.6e-8.
          expect(ba.standardError).toBeCloseTo(ab.standardError, 6);
        }
        const m = confusionMatrix(a, b, categories);
        expect(confusionMatrix(b, a, categories)).toEqual(m[0]!.map((_, j) => m.map((r) => r[j])));
      }),
    );
  });
});

describe('bootstrap intervals over images', () => {
  it('resampling every image once gives the statistic; the interval holds it and repeats', () => {
    fc.assert(
      fc.property(readingsTable, (rows) => {
        const counts = labelCounts(rows, categories);
        const identity = Int32Array.from(counts.readings, (_, i) => i);
        expect(fleissFromCounts(counts, identity)).toBe(fleissKappa(rows, categories));
        expect(alphaFromCounts(counts, identity)).toBeCloseTo(krippendorffAlpha(rows), 12);
      }),
    );
    const rows: Readings = Array.from({ length: 60 }, (_, i) => [
      categories[i % 3]!,
      categories[i % 5 === 0 ? (i + 1) % 3 : i % 3]!,
      categories[i % 3]!,
    ]);
    const counts = labelCounts(rows, categories);
    const statistic = (sample: Int32Array) => fleissFromCounts(counts, sample);
    const interval = bootstrapInterval(rows.length, statistic, { replicates: 500, seed: 7 })!;
    expect(interval[0]).toBeLessThan(fleissKappa(rows, categories));
    expect(interval[1]).toBeGreaterThan(fleissKappa(rows, categories));
    expect(bootstrapInterval(rows.length, statistic, { replicates: 500, seed: 7 })).toEqual(
      interval,
    );
    expect(bootstrapInterval(1, statistic)).toBeNull();
  });
});

describe('Wilson interval', () => {
  it('matches statsmodels proportion_confint(method="wilson") and stays in [0, 1]', () => {
    // statsmodels 0.13: proportion_confint(8, 10, method='wilson') and (0, 5), (5, 5).
    expectClose(wilsonInterval(8, 10), [0.4901624, 0.9433178]);
    expectClose(wilsonInterval(0, 5), [0, 0.4344825]);
    expectClose(wilsonInterval(5, 5), [0.5655175, 1]);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('bad input', () => {
  it('refuses a label outside the categories, and readers with no image in common', () => {
    expect(() => cohensKappa(['a', 'x'], ['a', 'b'], ['a', 'b'])).toThrow(ReadingsError);
    expect(() => cohensKappa(['a', null], [null, 'b'], ['a', 'b'])).toThrow(ReadingsError);
    expect(() => fleissKappa([['a', null]], ['a', 'b'])).toThrow(ReadingsError);
    expect(() => krippendorffAlpha([['a', null]])).toThrow(ReadingsError);
    expect(percentAgreement([['a', null]])).toBeNaN();
  });
});
