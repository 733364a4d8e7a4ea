/**
 * The demo's workspace, made through the API as people would make it: a researcher and an
 * annotator, a single-choice template of the demo's classes, the uploaded images in a collection,
 * and the annotator's labels of a class-balanced seed (from which the loop draws V).
 */
import { unwrap, type MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import type { DemoImage } from './fashion.js';
import { signIn } from './sign-in.js';
import { uploadFile } from '../upload.js';

/** Simulated time to label an image from scratch, recorded with each seed label. */
export const MANUAL_LABEL_MS = 6_000;
const PASSWORD = 'loop-demo-password';

export interface Workspace {
  readonly researcher: MedlabelClient;
  readonly annotator: MedlabelClient;
  readonly collectionId: number;
  /** the true label of every uploaded image, by image id */
  readonly truth: ReadonlyMap<number, string>;
  readonly seedLabels: number;
}

async function createPerson(
  baseUrl: string,
  admin: MedlabelClient,
  role: 'researcher' | 'annotator',
): Promise<{ id: number; client: MedlabelClient }> {
  const email = `${role}@loop-demo.medlabel.local`;
  const user = unwrap(
    await admin.POST('/api/users', {
      body: { email, name: `Demo ${role}`, password: PASSWORD, role },
    }),
  );
  return { id: user.id, client: await signIn(baseUrl, { email, password: PASSWORD }) };
}

/** The sample Fashion-MNIST template, cut down to the demo's classes. */
function template(classNames: readonly string[]) {
  const sample = structuredClone(exampleTemplates.fashionMnist);
  const labels = sample.classification!.labels.filter((l) => classNames.includes(l.name));
  return {
    ...sample,
    name: `Fashion-MNIST: ${classNames.join(', ')}`,
    classification: { ...sample.classification!, labels },
  };
}

async function upload(client: MedlabelClient, image: DemoImage): Promise<number> {
  return (await uploadFile(client, new Uint8Array(image.png), 'fashion.png', 'image/png')).id;
}

/** The first `perClass` images of each class, in upload order. */
function seedOf(ids: readonly number[], truth: ReadonlyMap<number, string>, perClass: number) {
  const taken = new Map<string, number>();
  return ids.filter((id) => {
    const label = truth.get(id)!;
    const n = taken.get(label) ?? 0;
    taken.set(label, n + 1);
    return n < perClass;
  });
}

export async function createWorkspace(options: {
  baseUrl: string;
  admin: { email: string; password: string };
  images: readonly DemoImage[];
  classNames: readonly string[];
  seedPerClass: number;
}): Promise<Workspace> {
  const { baseUrl } = options;
  const admin = await signIn(baseUrl, options.admin);
  const researcher = await createPerson(baseUrl, admin, 'researcher');
  const annotator = await createPerson(baseUrl, admin, 'annotator');
  const { id: templateId } = unwrap(
    await researcher.client.POST('/api/templates', {
      body: { definition: template(options.classNames) },
    }),
  );
  const truth = new Map<number, string>();
  for (const image of options.images)
    truth.set(await upload(researcher.client, image), image.label);
  const imageIds = [...truth.keys()];
  const { id: collectionId } = unwrap(
    await researcher.client.POST('/api/collections', {
      body: { name: 'Fashion-MNIST loop demo', templateId, imageIds },
    }),
  );
  unwrap(
    await researcher.client.PUT('/api/collections/{id}/assignments/{userId}', {
      params: { path: { id: collectionId, userId: annotator.id } },
      body: { kind: 'annotate' },
    }),
  );
  const seed = seedOf(imageIds, truth, options.seedPerClass);
  for (const imageId of seed) {
    unwrap(
      await annotator.client.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId, imageId } },
        body: {
          payload: { labels: [truth.get(imageId)!], shapes: [], values: {} },
          status: 'submitted',
          timeSpentMs: MANUAL_LABEL_MS,
        },
      }),
    );
  }
  return {
    researcher: researcher.client,
    annotator: annotator.client,
    collectionId,
    truth,
    seedLabels: seed.length,
  };
}
