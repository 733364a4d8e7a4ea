import { ApiError, NetworkError } from '@medlabel/api-client';
import { emptyPayload } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import type { Annotation, CollectionItem } from '../src/api.js';
import {
  collectionImagesQuery,
  collectionQuery,
  progressQuery,
  recordSaved,
  type ImagePage,
} from '../src/queries.js';
import { createQueryClient, READ_TRIES, shouldRetryRead } from '../src/query-client.js';

const problem = (status: number) =>
  new ApiError({ type: 'about:blank', title: `status ${status}`, status });

describe('shouldRetryRead', () => {
  it('never retries a 4xx answer: it says the same on every try', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429]) {
      expect(shouldRetryRead(0, problem(status))).toBe(false);
    }
  });

  it(`retries network failures and 5xx answers, ${READ_TRIES} times`, () => {
    for (const error of [new NetworkError(new TypeError('fetch failed')), problem(503)]) {
      expect(shouldRetryRead(0, error)).toBe(true);
      expect(shouldRetryRead(READ_TRIES - 1, error)).toBe(true);
      expect(shouldRetryRead(READ_TRIES, error)).toBe(false);
    }
  });
});

const item = (imageId: number, position: number): CollectionItem =>
  ({
    image: { id: imageId },
    position,
    startedCount: 0,
    submittedCount: 0,
    mine: null,
    predicted: null,
  }) as unknown as CollectionItem;

const saved = (imageId: number): Annotation =>
  ({
    id: 90,
    collectionId: 1,
    imageId,
    status: 'submitted',
    version: 2,
    payload: { ...emptyPayload(), labels: ['Dress'] },
    provenance: 'manual',
  }) as Annotation;

describe('recordSaved', () => {
  it('writes my save into every cached page that holds the image and marks the rest stale', async () => {
    const client = createQueryClient();
    const first = collectionImagesQuery(1, { offset: 0, limit: 2 });
    const second = collectionImagesQuery(1, { offset: 2, limit: 2 });
    const series = collectionImagesQuery(1, { series: '1.2.3', limit: 500 });
    const other = collectionImagesQuery(2, { offset: 0, limit: 2 });
    const page = (...items: CollectionItem[]): ImagePage => ({ items, next: null });
    client.setQueryData(first.queryKey, page(item(10, 1), item(11, 2)));
    client.setQueryData(second.queryKey, page(item(12, 3), item(13, 4)));
    client.setQueryData(series.queryKey, page(item(11, 2), item(12, 3)));
    client.setQueryData(other.queryKey, page(item(11, 1)));
    client.setQueryData(progressQuery(1).queryKey, { total: 4, done: 0, mine: 0 });
    client.setQueryData(collectionQuery(1).queryKey, { id: 1 } as never);
    const untouched = client.getQueryData(second.queryKey);

    await recordSaved(client, saved(11));

    const mine = { id: 90, status: 'submitted', version: 2, label: 'Dress', provenance: 'manual' };
    expect(client.getQueryData(first.queryKey)?.items.map((i) => i.mine)).toEqual([null, mine]);
    expect(client.getQueryData(series.queryKey)?.items.map((i) => i.mine)).toEqual([mine, null]);
    expect(client.getQueryData(second.queryKey)).toBe(untouched);
    // Another collection's page holds the same image with its own annotation, not this one.
    expect(client.getQueryData(other.queryKey)?.items[0]?.mine).toBeNull();
    for (const key of [second.queryKey, progressQuery(1).queryKey, collectionQuery(1).queryKey]) {
      expect(client.getQueryState(key)?.isInvalidated).toBe(true);
    }
    expect(client.getQueryState(other.queryKey)?.isInvalidated).toBe(false);
  });
});
