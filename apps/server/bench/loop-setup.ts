/**
 * The loop benchmark's workspace, made over HTTP: a researcher, a labeler and one annotator per
 * save worker; the loop's collection of real Fashion-MNIST PNGs with the first `seed` labeled
 * by the labeler (uploads and seed labels are measured on the way); and the save workload's
 * collection of URL-imported images.
 */
import { Client } from '../test/crash/client.js';
import { FASHION_CLASSES, fashionPngs } from '../test/support/fashion-mnist.js';
import { LOOP_CLASSES, labelTemplate } from '../test/support/loop-workspace.js';
import { measure, type Figures } from './measure.js';
import { IMAGE_HOST } from './seed.js';

export const ADMIN_EMAIL = 'admin@bench.test';
export const PASSWORD = 'bench-loop-password';
/** The most images one URL import takes. */
const IMPORT_LIMIT = 10_000;

export interface LoopBench {
  researcher: Client;
  labeler: Client;
  savers: Client[];
  loopCollection: number;
  /** the true label of each of the loop's images */
  truth: Map<number, string>;
  saveCollection: number;
  saveImages: number[];
  /** uploads and seed labels, as measured */
  setup: Figures[];
}

/** A label payload the template accepts. */
export const labelPayload = (label: string) => ({ labels: [label], shapes: [], values: {} });

export async function setUpLoopBench(
  url: string,
  options: { seed: number; batch: number; concurrency: number; saveImages: number },
): Promise<LoopBench> {
  const admin = await Client.signIn(url, ADMIN_EMAIL, PASSWORD);
  const person = async (email: string, role: 'researcher' | 'annotator') => {
    const user = { email, name: email, password: PASSWORD, role };
    const { id } = await admin.ok<{ id: number }>('POST', '/api/users', user);
    return { id, client: await Client.signIn(url, email, PASSWORD) };
  };
  const researcher = (await person('researcher@bench.test', 'researcher')).client;
  const labeler = await person('labeler@bench.test', 'annotator');
  const savers = [];
  for (let w = 0; w < options.concurrency; w++)
    savers.push(await person(`saver${w}@bench.test`, 'annotator'));
  const template = { definition: labelTemplate() };
  const { id: templateId } = await researcher.ok<{ id: number }>(
    'POST',
    '/api/templates',
    template,
  );
  const collection = async (name: string, imageIds: number[], annotators: { id: number }[]) => {
    const body = { name, templateId, imageIds };
    const { id } = await researcher.ok<{ id: number }>('POST', '/api/collections', body);
    for (const { id: userId } of annotators) {
      const path = `/api/collections/${id}/assignments/${userId}`;
      await researcher.ok('PUT', path, { kind: 'annotate' });
    }
    return id;
  };

  const pngs = await fashionPngs(options.seed + options.batch, LOOP_CLASSES);
  const loopImages: number[] = [];
  const truth = new Map<number, string>();
  const parallel = { concurrency: options.concurrency };
  const upload = await measure(
    'upload a 28x28 PNG',
    { ...parallel, total: pngs.length },
    async (_, i) => {
      const png = pngs[i]!;
      const { id } = await researcher.upload<{ id: number }>(
        '/api/images/upload',
        png.png,
        'image/png',
      );
      loopImages[i] = id;
      truth.set(id, FASHION_CLASSES[png.label]!);
      return true;
    },
  );
  const loopCollection = await collection('Loop', loopImages, [labeler]);
  const seedLabels = await measure(
    'seed label (PUT, submitted)',
    { ...parallel, total: options.seed },
    async (_, i) => {
      const imageId = loopImages[i]!;
      const path = `/api/collections/${loopCollection}/images/${imageId}/annotation`;
      const body = {
        payload: labelPayload(truth.get(imageId)!),
        status: 'submitted',
        timeSpentMs: 4000,
      };
      const { status } = await labeler.client.send('PUT', path, body);
      return status === 200 || status === 201;
    },
  );

  const saveImages: number[] = [];
  for (let from = 0; from < options.saveImages; from += IMPORT_LIMIT) {
    const images = Array.from(
      { length: Math.min(IMPORT_LIMIT, options.saveImages - from) },
      (_, i) => ({
        url: `https://${IMAGE_HOST}/bench-loop/${from + i}.png`,
        width: 28,
        height: 28,
      }),
    );
    const { ids } = await researcher.ok<{ ids: number[] }>('POST', '/api/images', { images });
    saveImages.push(...ids);
  }
  return {
    researcher,
    labeler: labeler.client,
    savers: savers.map((s) => s.client),
    loopCollection,
    truth,
    saveCollection: await collection('Saves', saveImages, savers),
    saveImages,
    setup: [upload, seedLabels],
  };
}
