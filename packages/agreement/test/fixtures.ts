// The committed reference values (see ../fixtures/README.md) and the tolerance every test uses.
import { expect } from 'vitest';

export const TOLERANCE = 1e-6;

/** Every number in `actual` within TOLERANCE of the reference, recursively. */
export function expectClose(actual: unknown, reference: unknown, path = 'value'): void {
  if (typeof reference === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(
      Math.abs((actual as number) - reference),
      `${path}: ${String(actual)} vs ${reference}`,
    ).toBeLessThanOrEqual(TOLERANCE);
  } else if (Array.isArray(reference)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(reference.length);
    reference.forEach((r, i) => expectClose((actual as unknown[])[i], r, `${path}[${i}]`));
  } else if (reference !== null && typeof reference === 'object') {
    for (const [key, r] of Object.entries(reference)) {
      expectClose((actual as Record<string, unknown>)[key], r, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toBe(reference);
  }
}
