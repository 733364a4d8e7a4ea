import { api, unwrap } from '../../api.js';

/** The agreement report of a collection, as the client types it. */
export async function loadAgreement(collectionId: number) {
  return unwrap(
    await api.GET('/api/collections/{id}/agreement', { params: { path: { id: collectionId } } }),
  );
}

export type AgreementReport = Awaited<ReturnType<typeof loadAgreement>>;
export type ElementResult = AgreementReport['elements'][number];
