import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.js';

const PAGE = 500;
/** The most images added to a collection from one search. */
export const MAX_IMAGES_FROM_SEARCH = 100_000;

/** Runs one page of a search. */
export async function search(q: string, after?: number, limit = 50) {
  return unwrap(
    await api.GET('/api/search', { params: { query: { q, ...(after ? { after } : {}), limit } } }),
  );
}

/** The first page of a search, as a query: `limit` results at most. */
export const searchQuery = (q: string, limit: number) =>
  queryOptions({ queryKey: ['search', q, limit], queryFn: () => search(q, undefined, limit) });

/** A search's results page after page (keyset: each page names the next one's start). */
export const searchPagesQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['search', q, 'pages'],
    queryFn: ({ pageParam }) => search(q, pageParam, 50),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });

/** Every image id an image search finds (keyset pages of 500). */
export async function searchImageIds(q: string): Promise<number[]> {
  const ids: number[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await search(q, after, PAGE);
    if (page.type !== 'image')
      throw new Error('Build collections from an image search (no type: term).');
    ids.push(...page.items.map((i) => i.id));
    if (page.next === null || ids.length >= MAX_IMAGES_FROM_SEARCH) return ids;
    after = page.next;
  }
}
