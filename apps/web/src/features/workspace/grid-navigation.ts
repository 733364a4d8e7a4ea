import type { GridMove } from './workspace-keys.js';

export interface GridPosition {
  readonly page: number;
  readonly index: number;
}

/**
 * Where an arrow key leads from `index` on `page`: left/right step through the collection,
 * up/down jump a row; stepping past a page edge goes to the neighbouring page.
 * Returns null at the ends of the collection.
 */
export function moveInGrid(
  from: GridPosition,
  move: GridMove,
  layout: { pageSize: number; columns: number; total: number },
): GridPosition | null {
  const step = { left: -1, right: 1, up: -layout.columns, down: layout.columns }[move];
  const absolute = from.page * layout.pageSize + from.index + step;
  if (absolute < 0 || absolute >= layout.total) return null;
  return { page: Math.floor(absolute / layout.pageSize), index: absolute % layout.pageSize };
}
