import type { MedlabelClient } from '@medlabel/api-client';
import type { TemplateDefinition } from '@medlabel/schema';
import { unwrap } from './api.js';
import { createCollection, createTemplate, uploadPngs } from './fixtures.js';
import { FASHION_CLASSES, fashionMnistOfClasses } from './images.js';

/** Three Fashion-MNIST classes a small CNN tells apart after a few dozen labels. */
const GARMENTS = [1, 7, 8];
/** The garment labels with their hotkeys 1, 2, 3. */
export const GARMENT_LABELS = GARMENTS.map((k, i) => ({
  name: FASHION_CLASSES[k]!,
  hotkey: String(i + 1),
}));

function garmentTemplate(): TemplateDefinition {
  return {
    formatVersion: 1,
    name: 'Garment',
    classification: { choice: 'single', required: true, labels: GARMENT_LABELS },
    tools: [],
    fields: [],
  };
}

export interface GarmentCollection {
  readonly collectionId: number;
  readonly imageIds: number[];
  /** The true label of every image. */
  readonly truth: Map<number, string>;
}

/**
 * A researcher's collection of `perClass` real Fashion-MNIST pictures of each garment (uploaded
 * as PNG), assigned to an annotator who has labeled `seedPerClass` of each through the API (the
 * true label, 4 s each): the seed and validation set of a labeling loop.
 */
export async function garmentCollection(
  researcher: MedlabelClient,
  annotator: { id: number; client: MedlabelClient },
  options: { perClass: number; seedPerClass: number; name?: string },
): Promise<GarmentCollection> {
  const template = await createTemplate(researcher, garmentTemplate());
  // From item 1000 on: other tests upload the first few hundred.
  const pictures = await fashionMnistOfClasses(GARMENTS, options.perClass, { offset: 1000 });
  const imageIds = await uploadPngs(
    researcher,
    pictures.map((p) => p.png),
  );
  const truth = new Map(imageIds.map((id, i) => [id, pictures[i]!.label]));
  const collection = await createCollection(researcher, {
    templateId: template.id,
    imageIds,
    annotators: [annotator.id],
  });
  if (options.name) {
    unwrap(
      await researcher.PATCH('/api/collections/{id}', {
        params: { path: { id: collection.id } },
        body: { name: options.name },
      }),
    );
  }
  for (const { name } of GARMENT_LABELS) {
    const seed = imageIds.filter((id) => truth.get(id) === name).slice(0, options.seedPerClass);
    for (const imageId of seed) {
      unwrap(
        await annotator.client.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: [name], shapes: [], values: {} },
            status: 'submitted',
            timeSpentMs: 4000,
          },
        }),
      );
    }
  }
  return { collectionId: collection.id, imageIds, truth };
}
