import { api, unwrap, useLoad } from '../../api.js';

/**
 * Loads a collection and the template version it is annotated with (not the template's newest
 * version: annotations keep the version they were made with).
 */
export function useCollectionTemplate(collectionId: number) {
  const collection = useLoad(
    async () =>
      unwrap(await api.GET('/api/collections/{id}', { params: { path: { id: collectionId } } })),
    [collectionId],
  );
  const template = useLoad(async () => {
    if (!collection.data) return undefined;
    const { templateId, templateVersion } = collection.data;
    return unwrap(
      await api.GET('/api/templates/{id}/versions/{version}', {
        params: { path: { id: templateId, version: templateVersion } },
      }),
    );
  }, [collection.data]);
  return { collection, template };
}
