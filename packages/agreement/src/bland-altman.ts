import { tCritical, Z_95 } from './distributions.js';
import { MeasurementsError } from './measurements.js';

export interface BlandAltman {
  /** Mean of (first - second). */
  readonly bias: number;
  /** Sample standard deviation of the differences (n - 1). */
  readonly sdDifference: number;
  /** bias ± 1.96 SD: the 95% limits of agreement. */
  readonly limitsOfAgreement: readonly [number, number];
  /** t-based 95% interval of the bias. */
  readonly biasCi95: readonly [number, number];
  /** 95% intervals of the lower and upper limit, with SE ≈ √(3 s² / n) (Bland & Altman 1986). */
  readonly lowerLimitCi95: readonly [number, number];
  readonly upperLimitCi95: readonly [number, number];
  /** Per image measured by both: the mean of the two and their difference, for the plot. */
  readonly points: readonly { readonly mean: number; readonly difference: number }[];
}

/** Bland-Altman analysis of two readers' measurements of the same images. */
export function blandAltman(
  first: readonly (number | null)[],
  second: readonly (number | null)[],
): BlandAltman {
  if (first.length !== second.length) {
    throw new MeasurementsError('the two readers must list the same images in the same order');
  }
  const points: { mean: number; difference: number }[] = [];
  first.forEach((a, i) => {
    const b = second[i];
    if (a == null || b == null) return;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      throw new MeasurementsError('measurements must be finite numbers');
    }
    points.push({ mean: (a + b) / 2, difference: a - b });
  });
  const n = points.length;
  if (n < 2) throw new MeasurementsError('Bland-Altman needs two images both readers measured');
  const bias = points.reduce((s, p) => s + p.difference, 0) / n;
  const sd = Math.sqrt(points.reduce((s, p) => s + (p.difference - bias) ** 2, 0) / (n - 1));
  const t = tCritical(0.95, n - 1);
  const biasHalfWidth = (t * sd) / Math.sqrt(n);
  const limitHalfWidth = t * Math.sqrt((3 * sd ** 2) / n);
  const lower = bias - Z_95 * sd;
  const upper = bias + Z_95 * sd;
  return {
    bias,
    sdDifference: sd,
    limitsOfAgreement: [lower, upper],
    biasCi95: [bias - biasHalfWidth, bias + biasHalfWidth],
    lowerLimitCi95: [lower - limitHalfWidth, lower + limitHalfWidth],
    upperLimitCi95: [upper - limitHalfWidth, upper + limitHalfWidth],
    points,
  };
}
