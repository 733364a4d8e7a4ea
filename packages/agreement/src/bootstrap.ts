import { Z_95 } from './distributions.js';

/**
 * Fills `sample` with indices below n drawn by a 32-bit seeded generator (mulberry32) from
 * `state`, so an interval is the same on every run; returns the generator's next state.
 */
function draw(sample: Int32Array, n: number, state: number): number {
  let a = state;
  for (let i = 0; i < sample.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    sample[i] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  }
  return a;
}

export interface BootstrapOptions {
  /** resamples (default 1000) */
  readonly replicates?: number;
  readonly seed?: number;
}

/**
 * Percentile bootstrap 95% interval of a statistic over `n` units (images): the statistic is
 * recomputed on `replicates` resamples of the units with replacement; resamples where it is
 * undefined (NaN, or it throws) are skipped. Null when fewer than half the resamples count.
 */
export function bootstrapInterval(
  n: number,
  statistic: (sample: Int32Array) => number,
  { replicates = 1000, seed = 1 }: BootstrapOptions = {},
): readonly [number, number] | null {
  if (n < 2) return null;
  let state = seed >>> 0;
  const sample = new Int32Array(n);
  const values: number[] = [];
  for (let r = 0; r < replicates; r++) {
    state = draw(sample, n, state);
    let value: number;
    try {
      value = statistic(sample);
    } catch {
      continue;
    }
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length < replicates / 2) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return [at(0.025), at(0.975)];
}

/**
 * Wilson score 95% interval of a proportion (successes of n trials): stays inside [0, 1] and
 * behaves at 0 and n successes, unlike the Wald interval. Null for n = 0.
 */
export function wilsonInterval(successes: number, n: number): readonly [number, number] | null {
  if (n === 0) return null;
  const z = Z_95;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
