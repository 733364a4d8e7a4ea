import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.js';
import { keys } from '../../queries.js';

/** The agreement report of a collection, as the client types it. */
async function loadAgreement(collectionId: number) {
  return unwrap(
    await api.GET('/api/collections/{id}/agreement', { params: { path: { id: collectionId } } }),
  );
}

export type AgreementReport = Awaited<ReturnType<typeof loadAgreement>>;
export type ElementResult = AgreementReport['elements'][number];

export const agreementQuery = (collectionId: number) =>
  queryOptions({
    queryKey: [...keys.collection(collectionId), 'agreement'],
    queryFn: () => loadAgreement(collectionId),
  });

/** The thresholds of disagreement and the senior readers of a collection's reading study. */
export const readingStudyQuery = (collectionId: number) =>
  queryOptions({
    queryKey: [...keys.collection(collectionId), 'reading-study'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/collections/{id}/reading-study', {
          params: { path: { id: collectionId } },
        }),
      ),
  });

/** The images whose readers disagree, decided or not. */
export const adjudicationQuery = (collectionId: number) =>
  queryOptions({
    queryKey: [...keys.collection(collectionId), 'adjudication'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/collections/{id}/adjudication', {
          params: { path: { id: collectionId } },
        }),
      ),
  });

/** One image's readings side by side, with the reasons it is adjudicated. */
export const adjudicationCaseQuery = (collectionId: number, imageId: number) =>
  queryOptions({
    queryKey: [...adjudicationQuery(collectionId).queryKey, imageId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/collections/{id}/adjudication/{imageId}', {
          params: { path: { id: collectionId, imageId } },
        }),
      ),
  });
