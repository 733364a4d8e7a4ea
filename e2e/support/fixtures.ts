import type { MedlabelClient } from '@medlabel/api-client';
import type { TemplateDefinition } from '@medlabel/schema';
import { unwrap } from './api.js';
import { fashionMnistPngs } from './images.js';

let counter = 0;
/** A unique suffix so tests sharing one server never collide. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++counter}`;
}

export interface UserFixture {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

export async function createUser(
  admin: MedlabelClient,
  role: 'admin' | 'researcher' | 'annotator',
  expertise: {
    specialty: string;
    modality: string;
    level: 'novice' | 'intermediate' | 'advanced' | 'expert';
  }[] = [],
): Promise<UserFixture> {
  const handle = unique(role);
  const email = `${handle}@e2e.test`;
  const name = `E2E ${handle}`;
  const password = 'a long e2e password';
  const user = unwrap(
    await admin.POST('/api/users', { body: { email, name, password, role, expertise } }),
  );
  return { id: user.id, email, name, password };
}

/** Uploads PNG files, in order; returns their image ids. */
export async function uploadPngs(
  client: MedlabelClient,
  pngs: readonly Buffer[],
  modality = 'OT',
): Promise<number[]> {
  const ids: number[] = [];
  for (const png of pngs) {
    const form = new FormData();
    form.append('modality', modality);
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'image.png');
    const { id } = unwrap(
      await client.POST('/api/images/upload', {
        body: form as never,
        bodySerializer: (b: unknown) => b as FormData,
      }),
    );
    ids.push(id);
  }
  return ids;
}

/** Uploads real pictures; `metadata` (e.g. a pixel spacing) is attached through a URL import. */
export async function uploadImages(
  client: MedlabelClient,
  count: number,
  options: { offset?: number; modality?: string; metadata?: Record<string, unknown> } = {},
): Promise<number[]> {
  const ids = await uploadPngs(
    client,
    await fashionMnistPngs(count, 256, options.offset ?? 0),
    options.modality,
  );
  if (!options.metadata) return ids;
  // The same pixels again, imported by URL with metadata (uploads carry no metadata).
  const uploaded = await Promise.all(
    ids.map(async (id) =>
      unwrap(await client.GET('/api/images/{id}', { params: { path: { id } } })),
    ),
  );
  const { ids: imported } = unwrap(
    await client.POST('/api/images', {
      body: {
        images: uploaded.map((image) => ({
          url: image.url,
          width: image.width,
          height: image.height,
          modality: image.modality,
          metadata: options.metadata,
        })),
      },
    }),
  );
  return imported;
}

/** The pixels of an uploaded image imported again as a multi-frame image of `frames` frames. */
export async function multiFrameImage(
  client: MedlabelClient,
  imageId: number,
  frames: number,
): Promise<number> {
  const image = unwrap(await client.GET('/api/images/{id}', { params: { path: { id: imageId } } }));
  const { ids } = unwrap(
    await client.POST('/api/images', {
      body: { images: [{ url: image.url, width: image.width, height: image.height, frames }] },
    }),
  );
  return ids[0]!;
}

export async function createTemplate(client: MedlabelClient, definition: TemplateDefinition) {
  return unwrap(
    await client.POST('/api/templates', {
      body: { definition: { ...definition, name: unique(definition.name) } },
    }),
  );
}

/** A collection of `imageIds` under a template, with `annotators` assigned to annotate. */
export async function createCollection(
  client: MedlabelClient,
  options: {
    templateId: number;
    imageIds: number[];
    annotators?: number[];
    readersPerImage?: number;
  },
) {
  const collection = unwrap(
    await client.POST('/api/collections', {
      body: {
        name: unique('Collection'),
        templateId: options.templateId,
        imageIds: options.imageIds,
        readersPerImage: options.readersPerImage ?? 1,
      },
    }),
  );
  for (const userId of options.annotators ?? []) {
    unwrap(
      await client.PUT('/api/collections/{id}/assignments/{userId}', {
        params: { path: { id: collection.id, userId } },
        body: { kind: 'annotate' },
      }),
    );
  }
  return collection;
}

/** The annotation `annotatorId` stored for an image of a collection, as `client` reads it. */
export async function storedAnnotation(
  client: MedlabelClient,
  collectionId: number,
  imageId: number,
  annotatorId: number,
) {
  const list = unwrap(
    await client.GET('/api/collections/{collectionId}/images/{imageId}/annotations', {
      params: { path: { collectionId, imageId } },
    }),
  );
  return list.find((a) => a.annotatorId === annotatorId);
}
