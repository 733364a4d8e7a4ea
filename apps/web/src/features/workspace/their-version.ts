import { api, unwrap, type Annotation } from '../../api.js';

/** The user's own annotation of an image as the server has it now (what a conflict is about). */
export async function loadTheirVersion(
  collectionId: number,
  imageId: number,
  userId: number,
): Promise<Annotation | undefined> {
  const list = unwrap(
    await api.GET('/api/collections/{collectionId}/images/{imageId}/annotations', {
      params: { path: { collectionId, imageId } },
    }),
  );
  return list.find((a) => a.source === 'human' && a.annotatorId === userId);
}
