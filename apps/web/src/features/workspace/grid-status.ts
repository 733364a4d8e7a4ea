import type { CollectionItem } from '../../api.js';

/** The caller's own state of an image, as the grid frames show it. */
export type GridStatus = 'annotated' | 'draft' | 'todo';

export type MyAnnotation = CollectionItem['mine'];

export function gridStatus(mine: MyAnnotation): GridStatus {
  if (!mine) return 'todo';
  return mine.status === 'submitted' ? 'annotated' : 'draft';
}

export const STATUS_TEXT: Record<GridStatus, string> = {
  annotated: 'annotated',
  draft: 'draft saved, not submitted',
  todo: 'not annotated',
};
