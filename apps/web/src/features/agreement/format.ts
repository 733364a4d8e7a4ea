/** Figures of the agreement page, as the methods paragraph writes them. */
export const fixed = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);

export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`;

export const interval = (ci: readonly number[] | null | undefined, digits = 2) =>
  ci ? `${fixed(ci[0], digits)} to ${fixed(ci[1], digits)}` : '–';

/** "0.75 (0.32 to 1.18)": a value with its 95% interval. */
export const withInterval = (
  e: { value: number | null; ci95: readonly number[] | null } | null | undefined,
  digits = 2,
) => (e?.value == null ? '–' : `${fixed(e.value, digits)} (${interval(e.ci95, digits)})`);
