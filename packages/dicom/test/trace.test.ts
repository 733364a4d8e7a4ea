import { describe, expect, it } from 'vitest';
import { fillPolygon, traceContours } from '../src/index.js';

const ROWS = 40;
const COLUMNS = 50;

function filled(polygons: { x: number; y: number }[][]): Uint8Array {
  const mask = new Uint8Array(ROWS * COLUMNS);
  for (const polygon of polygons) fillPolygon(mask, ROWS, COLUMNS, polygon);
  return mask;
}

/** A mask from rows of '#' and '.'. */
function maskOf(lines: string[]): Uint8Array {
  const mask = new Uint8Array(ROWS * COLUMNS);
  lines.forEach((line, y) =>
    [...line].forEach((c, x) => (mask[y * COLUMNS + x] = c === '#' ? 1 : 0)),
  );
  return mask;
}

/** A star-shaped polygon around (cx, cy) with radii from a seeded generator. */
function star(seed: number, cx: number, cy: number): { x: number; y: number }[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const n = 5 + Math.floor(random() * 12);
  return Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    const r = 3 + random() * 12;
    return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
  });
}

describe('traceContours', () => {
  it('outlines the filled regions of star-shaped polygons so that filling the outlines gives the same mask', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const mask = filled([star(seed, 15.3, 17.8), star(seed * 7 + 3, 38.1, 22.6)]);
      const outlines = traceContours(mask, ROWS, COLUMNS);
      expect(filled(outlines), `seed ${seed}`).toEqual(mask);
    }
  });

  it('keeps regions that touch at a corner apart, with vertices only where an outline turns', () => {
    const outlines = traceContours(maskOf(['##..', '##..', '..#.']), ROWS, COLUMNS);
    expect(outlines).toEqual([
      [
        { x: 2, y: 0 },
        { x: 2, y: 2 },
        { x: 0, y: 2 },
        { x: 0, y: 0 },
      ],
      [
        { x: 3, y: 2 },
        { x: 3, y: 3 },
        { x: 2, y: 3 },
        { x: 2, y: 2 },
      ],
    ]);
  });

  it('outlines a ring by its outer edge only (a polygon holds no hole) and an empty mask by nothing', () => {
    const ring = maskOf(['###', '#.#', '###']);
    const [outline, ...more] = traceContours(ring, ROWS, COLUMNS);
    expect(more).toEqual([]);
    expect(filled([outline!])).toEqual(maskOf(['###', '###', '###']));
    expect(traceContours(new Uint8Array(ROWS * COLUMNS), ROWS, COLUMNS)).toEqual([]);
  });

  it('outlines a region that fills the whole frame along its border', () => {
    const full = new Uint8Array(ROWS * COLUMNS).fill(1);
    expect(traceContours(full, ROWS, COLUMNS)).toEqual([
      [
        { x: COLUMNS, y: 0 },
        { x: COLUMNS, y: ROWS },
        { x: 0, y: ROWS },
        { x: 0, y: 0 },
      ],
    ]);
  });
});
