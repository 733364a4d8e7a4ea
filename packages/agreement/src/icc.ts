import { fQuantile } from './distributions.js';
import { completeRows, MeasurementsError, type Measurements } from './measurements.js';

export interface Icc {
  readonly icc: number;
  readonly ci95: readonly [number, number];
}

export interface IccResult {
  /** ICC(2,1): two-way random effects, absolute agreement, single measures. */
  readonly icc2: Icc;
  /** ICC(3,1): two-way mixed effects, consistency, single measures. */
  readonly icc3: Icc;
  /** Images every reader measured (the others are left out), and readers. */
  readonly n: number;
  readonly readers: number;
}

/** Mean squares of the two-way ANOVA without replication: images (rows) x readers (columns). */
function meanSquares(rows: readonly (readonly number[])[]) {
  const n = rows.length;
  const k = rows[0]!.length;
  const grand = rows.flat().reduce((s, v) => s + v, 0) / (n * k);
  const rowMeans = rows.map((r) => r.reduce((s, v) => s + v, 0) / k);
  const colMeans = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const ssRows = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssTotal = rows.flat().reduce((s, v) => s + (v - grand) ** 2, 0);
  // Rounding can leave a hair below zero when the readers agree exactly.
  const ssError = Math.max(0, ssTotal - ssRows - ssCols);
  if (ssTotal === 0) throw new MeasurementsError('the measurements do not vary');
  return {
    rows: ssRows / (n - 1),
    cols: ssCols / (k - 1),
    error: ssError / ((n - 1) * (k - 1)),
  };
}

/**
 * Intraclass correlations of single measures (Shrout & Fleiss 1979; McGraw & Wong 1996) with
 * their F-based 95% intervals, the intervals as R's psych::ICC computes them (the ICC(2,1)
 * interval uses Satterthwaite's approximate degrees of freedom).
 */
export function intraclassCorrelation(measurements: Measurements): IccResult {
  const rows = completeRows(measurements);
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (k < 2) throw new MeasurementsError('ICC needs at least two readers');
  if (n < 2) throw new MeasurementsError('ICC needs at least two images every reader measured');
  const ms = meanSquares(rows);
  const upper = 0.975;

  const icc3 = (ms.rows - ms.error) / (ms.rows + (k - 1) * ms.error);
  // With no residual error (readers agree up to a constant offset each) F is infinite: the
  // ICC(3,1) interval closes on 1 and Satterthwaite's degrees of freedom tend to k - 1.
  const exact = ms.error === 0;
  const f = ms.rows / ms.error;
  const fLow = f / fQuantile(upper, n - 1, (n - 1) * (k - 1));
  const fHigh = f * fQuantile(upper, (n - 1) * (k - 1), n - 1);

  const icc2 =
    (ms.rows - ms.error) / (ms.rows + (k - 1) * ms.error + (k * (ms.cols - ms.error)) / n);
  const fReaders = ms.cols / ms.error;
  const satterthwaite = exact
    ? k - 1
    : ((k - 1) * (n - 1) * (k * icc2 * fReaders + n * (1 + (k - 1) * icc2) - k * icc2) ** 2) /
      ((n - 1) * k ** 2 * icc2 ** 2 * fReaders ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2);
  const fU = fQuantile(upper, n - 1, satterthwaite);
  const fL = fQuantile(upper, satterthwaite, n - 1);
  const spread = k * ms.cols + (k * n - k - n) * ms.error;

  return {
    icc2: {
      icc: icc2,
      ci95: [
        (n * (ms.rows - fU * ms.error)) / (fU * spread + n * ms.rows),
        (n * (fL * ms.rows - ms.error)) / (spread + n * fL * ms.rows),
      ],
    },
    icc3: {
      icc: icc3,
      ci95: exact ? [1, 1] : [(fLow - 1) / (fLow + k - 1), (fHigh - 1) / (fHigh + k - 1)],
    },
    n,
    readers: k,
  };
}
