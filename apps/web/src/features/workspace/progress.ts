import { ApiError } from '@medlabel/api-client';
import { api, unwrap, useLoad, type Loaded, type User } from '../../api.js';
import { useSession } from '../../session.js';
import { search } from '../search/search-api.js';
import type { Progress } from './stats-panel.js';

/** Counts every result of a search, page by page. */
async function countResults(q: string): Promise<number> {
  let count = 0;
  let after: number | undefined;
  for (;;) {
    const page = await search(q, after, 500);
    count += page.items.length;
    if (page.next === null) return count;
    after = page.next;
  }
}

/**
 * Collection totals and the caller's own count. Owners read the completeness report; an
 * annotator (who may not) counts its own submitted annotations through the search API.
 */
async function loadProgress(collectionId: number, user: User): Promise<Progress> {
  try {
    const report = unwrap(
      await api.GET('/api/collections/{id}/report', { params: { path: { id: collectionId } } }),
    );
    const mine = report.annotators.find((a) => a.userId === user.id)?.submitted ?? 0;
    return { total: report.images, done: report.done, mine };
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 404)) throw error;
  }
  const collection = unwrap(
    await api.GET('/api/collections/{id}', { params: { path: { id: collectionId } } }),
  );
  const name = JSON.stringify(collection.name);
  const mine = await countResults(
    `type:annotation status:submitted source:human annotator:${user.email} collection:${name}`,
  );
  return { total: collection.imageCount, mine, done: null };
}

export function useProgress(collectionId: number): Loaded<Progress> {
  const { user } = useSession();
  return useLoad(() => loadProgress(collectionId, user), [collectionId, user]);
}
