import { api, unwrap, useLoad, type Loaded } from '../../api.js';
import type { Progress } from './stats-panel.js';

/** Collection totals and the caller's own count (GET /api/collections/{id}/progress). */
export function useProgress(collectionId: number): Loaded<Progress> {
  return useLoad(async () => {
    const progress = unwrap(
      await api.GET('/api/collections/{id}/progress', { params: { path: { id: collectionId } } }),
    );
    return { total: progress.total, done: progress.done, mine: progress.mine.submitted };
  }, [collectionId]);
}
