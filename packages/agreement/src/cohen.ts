import { confusionMatrix } from './confusion.js';
import { Z_95 } from './distributions.js';
import { ReadingsError } from './readings.js';

/**
 * How partial agreement between ordered categories counts: 'none' (only identical labels agree),
 * 'linear' (1 - |i - j| / (k - 1)) or 'quadratic' (1 - (i - j)² / (k - 1)²). The weighted forms
 * need `categories` in their natural order.
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface Kappa {
  readonly kappa: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt 1969), not assuming kappa = 0. */
  readonly standardError: number;
  /**
   * kappa ± 1.96 standard errors, cut to [-1, 1] where kappa can lie (few images give a wide
   * interval: 0.64 ± 0.59 over 4; cutting never lowers its coverage).
   */
  readonly ci95: readonly [number, number];
  /** Images both readers read. */
  readonly n: number;
}

function agreementWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  switch (weights) {
    case 'none':
      return i === j ? 1 : 0;
    case 'linear':
      return 1 - Math.abs(i - j) / (k - 1);
    case 'quadratic':
      return 1 - (i - j) ** 2 / (k - 1) ** 2;
  }
}

/**
 * Cohen's kappa between two readers over the images both read, optionally weighted for ordinal
 * label sets, with its large-sample 95% interval.
 */
export function cohensKappa(
  first: readonly (string | null)[],
  second: readonly (string | null)[],
  categories: readonly string[],
  weights: KappaWeights = 'none',
): Kappa {
  const k = categories.length;
  if (k < 2) throw new ReadingsError('kappa needs at least two categories');
  const counts = confusionMatrix(first, second, categories);
  const n = counts.flat().reduce((s, c) => s + c, 0);
  if (n === 0) throw new ReadingsError('the two readers share no image');

  const p = counts.map((row) => row.map((c) => c / n));
  const w = categories.map((_, i) => categories.map((_, j) => agreementWeight(i, j, k, weights)));
  const rowMargin = p.map((row) => row.reduce((s, x) => s + x, 0));
  const colMargin = categories.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));

  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += w[i]![j]! * p[i]![j]!;
      expected += w[i]![j]! * rowMargin[i]! * colMargin[j]!;
    }
  }
  const kappa = (observed - expected) / (1 - expected);

  // Mean weight of each row against the second reader's margin, and of each column.
  const rowWeight = w.map((row) => row.reduce((s, wij, j) => s + wij * colMargin[j]!, 0));
  const colWeight = categories.map((_, j) =>
    w.reduce((s, row, i) => s + row[j]! * rowMargin[i]!, 0),
  );
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      sum += p[i]![j]! * (w[i]![j]! - (rowWeight[i]! + colWeight[j]!) * (1 - kappa)) ** 2;
    }
  }
  const variance = (sum - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2);
  const standardError = Math.sqrt(Math.max(0, variance));
  return {
    kappa,
    standardError,
    ci95: [Math.max(-1, kappa - Z_95 * standardError), Math.min(1, kappa + Z_95 * standardError)],
    n,
  };
}
