// Readers' outlines that coincide in part (identical readings, a shared edge, a shared vertex)
// have no proper crossings, which the exact majority boundary needs. Moving each outline by its
// own tiny translation (a millionth of the outlines' extent) turns shared stretches into nearby
// parallel ones and shared vertices into crossings, changing areas and distances by about that
// much. The translation comes from the outline's own vertices and, for outlines with the same
// vertices (interchangeable), from how many came before, so the readers' order changes nothing.
import type { Point } from '@medlabel/geometry';

/** The translation's length, relative to the extent of all the outlines. */
export const NUDGE = 1e-6;

const GOLDEN = 0.6180339887498949;
const fraction = (v: number) => v - Math.floor(v);

/**
 * The outlines, each moved by its own translation of NUDGE to 2 NUDGE times their extent;
 * another `attempt` turns every translation a quarter turn (one nearly along an edge can leave two
 * outlines touching).
 */
export function nudged(contours: readonly (readonly Point[])[], attempt = 0): Point[][] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const contour of contours) {
    for (const p of contour) {
      [minX, minY] = [Math.min(minX, p.x), Math.min(minY, p.y)];
      [maxX, maxY] = [Math.max(maxX, p.x), Math.max(maxY, p.y)];
    }
  }
  const step = NUDGE * Math.max(maxX - minX, maxY - minY, 1);
  const copies = new Map<string, number>();
  return contours.map((contour) => {
    const key = contour
      .map((p) => `${p.x},${p.y}`)
      .sort()
      .join(';');
    const copy = copies.get(key) ?? 0;
    copies.set(key, copy + 1);
    // A hash of the vertex set (any order), spread by the golden ratio per copy.
    let hash = copy * GOLDEN + attempt * 0.25;
    for (const p of contour)
      hash += fraction((p.x - minX) * 0.7548776662 + (p.y - minY) * 0.569840291);
    const angle = 2 * Math.PI * fraction(hash);
    const length = step * (1 + fraction(hash * 7.3890560989));
    const [dx, dy] = [length * Math.cos(angle), length * Math.sin(angle)];
    return contour.map((p) => ({ x: p.x + dx, y: p.y + dy }));
  });
}
