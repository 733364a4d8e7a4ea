import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blandAltman,
  fQuantile,
  intraclassCorrelation,
  MeasurementsError,
  tCritical,
} from '../src/index.js';
import iccSets from '../fixtures/icc.json' with { type: 'json' };
import blandAltmanSets from '../fixtures/measurements-ba.json' with { type: 'json' };
import { expectClose } from './fixtures.js';

describe.each(iccSets)('ICC reference set $name (psych::ICC)', (set) => {
  it('matches ICC(2,1) and ICC(3,1) with their 95% intervals, leaving out incomplete rows', () => {
    const { icc2, icc3, n, readers } = set;
    expectClose(intraclassCorrelation(set.measurements), { icc2, icc3, n, readers });
  });
});

describe.each(blandAltmanSets)('Bland-Altman reference set $name', (set) => {
  it('matches the bias, the limits of agreement and their intervals', () => {
    const { name: _name, source: _source, first, second, ...reference } = set;
    const result = blandAltman(first, second);
    expectClose(result, reference);
    expect(result.points).toHaveLength(first.length);
  });
});

describe('distributions', () => {
  it('gives the quantiles scipy 1.10 gives, fractional degrees of freedom included', () => {
    expect(tCritical(0.95, 10)).toBeCloseTo(2.2281388519649385, 10);
    expect(fQuantile(0.975, 5, 15)).toBeCloseTo(3.5764153492790607, 10);
    expect(fQuantile(0.975, 3.7, 11.2)).toBeCloseTo(4.3309930479247845, 10);
    expect(fQuantile(0.5, 3, 3)).toBeCloseTo(1, 12);
  });
});

/** Measurements to the hundredth of a mm, as a reader would record them. */
const measurement = fc.integer({ min: -10_000, max: 10_000 }).map((v) => v / 100);

const table = fc
  .tuple(fc.integer({ min: 3, max: 20 }), fc.integer({ min: 2, max: 5 }))
  .chain(([n, k]) =>
    fc.array(fc.array(measurement, { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
  );

/**
 * How ill-conditioned a table's ICCs are: its total sum of squares over the part both ICCs are
 * built from (between images plus residual). Where readers differ by far more than images do,
 * that part is a small difference of large sums and keeps only the digits rounding left it.
 */
function iccCondition(rows: readonly (readonly number[])[]): number {
  const n = rows.length;
  const k = rows[0]!.length;
  const grand = rows.flat().reduce((s, v) => s + v, 0) / (n * k);
  const colMeans = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const total = rows.flat().reduce((s, v) => s + (v - grand) ** 2, 0);
  const columns = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const rest = total - columns;
  return rest <= 0 ? Infinity : total / rest;
}

describe('properties', () => {
  it('identical readers give ICC 1 and Bland-Altman bias 0', () => {
    fc.assert(
      fc.property(fc.array(measurement, { minLength: 3, maxLength: 30 }), (values) => {
        fc.pre(new Set(values).size > 1);
        const rows = values.map((v) => [v, v, v]);
        const result = intraclassCorrelation(rows);
        expect(result.icc2.icc).toBeCloseTo(1, 12);
        expect(result.icc3.icc).toBeCloseTo(1, 12);
        expect(result.icc2.ci95[0]).toBeCloseTo(1, 9);
        expect(result.icc3.ci95[1]).toBeCloseTo(1, 9);
        const ba = blandAltman(values, values);
        expect(ba.bias).toBe(0);
        expect(ba.limitsOfAgreement).toEqual([0, 0]);
      }),
    );
  });

  it('permuting readers changes neither ICC', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const reversed = rows.map((row) => [...row].reverse());
        // Defined only where images or the residual vary at all besides the readers' offsets
        // (otherwise 0/0), and compared to a tolerance that grows with the conditioning.
        const condition = iccCondition(rows);
        fc.pre(new Set(rows.flat()).size > 1 && condition < 1e6);
        const tolerance = 1e-12 * condition;
        const a = intraclassCorrelation(rows);
        const b = intraclassCorrelation(reversed);
        expect(Math.abs(b.icc2.icc - a.icc2.icc)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(b.icc3.icc - a.icc3.icc)).toBeLessThanOrEqual(tolerance);
      }),
    );
  });

  it('swapping the readers negates the bias and mirrors the limits', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const first = rows.map((r) => r[0]!);
        const second = rows.map((r) => r[1]!);
        const ab = blandAltman(first, second);
        const ba = blandAltman(second, first);
        expect(ba.bias).toBeCloseTo(-ab.bias, 9);
        expect(ba.limitsOfAgreement[0]).toBeCloseTo(-ab.limitsOfAgreement[1], 9);
      }),
    );
  });
});

describe('bad input', () => {
  it('refuses too few complete rows or readers, ragged rows and non-finite values', () => {
    expect(() => intraclassCorrelation([[1, 2]])).toThrow(MeasurementsError);
    expect(() => intraclassCorrelation([[1], [2]])).toThrow(MeasurementsError);
    expect(() => intraclassCorrelation([[1, 2], [3]])).toThrow(MeasurementsError);
    expect(() =>
      intraclassCorrelation([
        [1, Infinity],
        [2, 3],
        [4, 5],
      ]),
    ).toThrow(MeasurementsError);
    expect(() => blandAltman([1, null], [2, 3])).toThrow(MeasurementsError);
    expect(() => blandAltman([1, 2], [2])).toThrow(MeasurementsError);
  });
});
