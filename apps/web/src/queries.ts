import { queryOptions, skipToken, type QueryClient } from '@tanstack/react-query';
import type { operations } from '@medlabel/api-client';
import { api, unwrap, type Annotation } from './api.js';

/**
 * What the web app reads from the server, one query per resource, under keys that nest: the
 * key of a collection is the prefix of its image pages, progress, report, agreement and
 * adjudication, so one invalidation reaches all of them.
 */
export const keys = {
  collections: ['collections'] as const,
  collection: (id: number) => ['collections', id] as const,
  collectionImages: (id: number) => ['collections', id, 'images'] as const,
  templates: ['templates'] as const,
  users: ['users'] as const,
  images: ['images'] as const,
  sources: ['sources'] as const,
  loops: ['loops'] as const,
  loop: (id: number) => ['loops', id] as const,
};

/** Grid pages stay fresh this long, so prefetched neighbours are used as they are. */
const PAGE_FRESH_MS = 30_000;

export const collectionsQuery = () =>
  queryOptions({
    queryKey: [...keys.collections, 'list'],
    queryFn: async () => unwrap(await api.GET('/api/collections')),
  });

export const collectionQuery = (id: number) =>
  queryOptions({
    queryKey: keys.collection(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/collections/{id}', { params: { path: { id } } })),
  });

export type ImagesQuery = NonNullable<operations['listCollectionImages']['parameters']['query']>;

async function fetchCollectionImages(id: number, query: ImagesQuery) {
  return unwrap(await api.GET('/api/collections/{id}/images', { params: { path: { id }, query } }));
}

export type ImagePage = Awaited<ReturnType<typeof fetchCollectionImages>>;

/**
 * A page of a collection's images: by position, of one series, or by predicted label; none
 * while what to ask for is not known yet (`null`).
 */
export const collectionImagesQuery = (id: number, query: ImagesQuery | null) =>
  queryOptions({
    queryKey: [...keys.collectionImages(id), query],
    queryFn: query === null ? skipToken : () => fetchCollectionImages(id, query),
    staleTime: PAGE_FRESH_MS,
  });

/** Collection totals and the caller's own count of submitted annotations. */
export const progressQuery = (id: number) =>
  queryOptions({
    queryKey: [...keys.collection(id), 'progress'],
    queryFn: async () => {
      const progress = unwrap(
        await api.GET('/api/collections/{id}/progress', { params: { path: { id } } }),
      );
      return { total: progress.total, done: progress.done, mine: progress.mine.submitted };
    },
  });

export const assignmentsQuery = (id: number) =>
  queryOptions({
    queryKey: [...keys.collection(id), 'assignments'],
    queryFn: async () =>
      unwrap(await api.GET('/api/collections/{id}/assignments', { params: { path: { id } } })),
  });

export const reportQuery = (id: number) =>
  queryOptions({
    queryKey: [...keys.collection(id), 'report'],
    queryFn: async () =>
      unwrap(await api.GET('/api/collections/{id}/report', { params: { path: { id } } })),
  });

export const templatesQuery = () =>
  queryOptions({
    queryKey: [...keys.templates, 'list'],
    queryFn: async () =>
      unwrap(await api.GET('/api/templates', { params: { query: { limit: 200 } } })),
  });

/** A template with its newest version; none for a template not made yet (`null`). */
export const templateQuery = (id: number | null) =>
  queryOptions({
    queryKey: [...keys.templates, id],
    queryFn:
      id === null
        ? skipToken
        : async () => unwrap(await api.GET('/api/templates/{id}', { params: { path: { id } } })),
  });

/** A version of a template (a collection's, say), read once that is known. */
export interface TemplateVersionRef {
  readonly templateId: number;
  readonly templateVersion: number;
}

/** One version of a template; a version never changes once saved. */
export const templateVersionQuery = (ref: TemplateVersionRef | undefined) =>
  queryOptions({
    queryKey: [...keys.templates, ref?.templateId, 'versions', ref?.templateVersion],
    queryFn: ref
      ? async () =>
          unwrap(
            await api.GET('/api/templates/{id}/versions/{version}', {
              params: { path: { id: ref.templateId, version: ref.templateVersion } },
            }),
          )
      : skipToken,
    staleTime: Infinity,
  });

/** One annotation as stored: opened in the workspace, or read back to confirm it in review. */
export const annotationQuery = (id: number) =>
  queryOptions({
    queryKey: ['annotations', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/annotations/{id}', { params: { path: { id } } })),
  });

export const usersQuery = () =>
  queryOptions({
    queryKey: keys.users,
    queryFn: async () => unwrap(await api.GET('/api/users', { params: { query: { limit: 500 } } })),
  });

/** A keyset page of the image library, after the image id `after`. */
export const imagesQuery = (after: number, limit: number) =>
  queryOptions({
    queryKey: [...keys.images, { after, limit }],
    queryFn: async () =>
      unwrap(await api.GET('/api/images', { params: { query: { after, limit } } })),
  });

export const sourcesQuery = () =>
  queryOptions({
    queryKey: keys.sources,
    queryFn: async () => unwrap(await api.GET('/api/sources')),
  });

/**
 * My save of an annotation, as the server answered it: the cached image pages show it at once
 * (a fetch of them already under way is cancelled, so it cannot bring back the older state),
 * everything else of the collection is marked stale and its progress is read again.
 */
export async function recordSaved(client: QueryClient, annotation: Annotation): Promise<void> {
  const { collectionId, imageId } = annotation;
  const images = keys.collectionImages(collectionId);
  await client.cancelQueries({ queryKey: images });
  const mine = {
    id: annotation.id,
    status: annotation.status,
    version: annotation.version,
    label: annotation.payload.labels[0] ?? null,
    provenance: annotation.provenance,
  };
  client.setQueriesData<ImagePage>({ queryKey: images }, (page) =>
    page?.items.some((i) => i.image.id === imageId)
      ? { ...page, items: page.items.map((i) => (i.image.id === imageId ? { ...i, mine } : i)) }
      : page,
  );
  await client.invalidateQueries({ queryKey: keys.collection(collectionId), refetchType: 'none' });
  await client.invalidateQueries({ queryKey: progressQuery(collectionId).queryKey });
}
