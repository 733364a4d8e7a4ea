import path from 'node:path';
import SQLite from 'better-sqlite3';
import { exampleTemplates } from '@medlabel/schema';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createServices } from '../src/services.js';
import { metadataEntries } from '../src/images/image-metadata.js';

export const BENCH_PASSWORD = 'bench-password';
export const ADMIN_EMAIL = 'admin@bench.test';
export const RESEARCHER_EMAIL = 'researcher@bench.test';
export const annotatorEmail = (i: number) => `reader${i}@bench.test`;
export const IMAGE_HOST = 'images.example.org';

const ANNOTATORS = 20;
const LABELS = exampleTemplates.echoMode.classification!.labels.map((l) => l.name);
const MODALITIES = ['US', 'CT', 'MR', 'XA'];
const BODY_PARTS = ['HEART', 'CHEST', 'HEAD', 'ABDOMEN'];

export interface BenchWorld {
  images: number;
  annotations: number;
  /** The collection pages, saves and the work queue are measured on. */
  collectionId: number;
  /** Positions with no annotation yet: where the save benchmark creates annotations. */
  untouchedFrom: number;
  annotatorIds: number[];
}

/**
 * How the main collection (readers per image: 4) is annotated, by position: the first 60% by
 * four readers (closed), the next 30% by two (open, in progress; annotator 0 read every one of
 * them, the worst case of the work queue, which must skip them), the last 10% untouched. Two
 * more collections of the same images are fully annotated by three readers, 10% drafts. A model
 * annotated every image of the main collection. With 100k images that is exactly 1M annotations.
 */
function readersOf(collection: 0 | 1 | 2, position: number, images: number): number[] {
  const fraction = position / images;
  const rotating = (k: number) => (position + k * 5 + collection) % ANNOTATORS;
  if (collection > 0) return [rotating(0), rotating(1), rotating(2)];
  if (fraction <= 0.6) return [rotating(0), rotating(1), rotating(2), rotating(3)];
  if (fraction <= 0.9) return [0, 1 + (position % (ANNOTATORS - 1))];
  return [];
}

/**
 * Seeds a fresh SQLite database in `dataDir`: users and the template through the services (few
 * rows, real argon2 hashes), then images, collections, assignments and annotations with their
 * history events, label rows and the per-image counters as bulk inserts in transactions with
 * prepared statements. Going through the services would validate and write a million annotations
 * one by one (hours); the rows written here are the ones the repositories write, with the same
 * counters (`collection_images.started_count/submitted_count/open`, `collections.image_count`)
 * and the status beside each label row, plus the `image_metadata` rows of each image's metadata.
 * No queue cursors: every annotator starts fresh.
 */
export async function seedBench(
  dataDir: string,
  images: number,
  log: (line: string) => void,
  options: { analyze?: boolean } = {},
): Promise<BenchWorld> {
  const file = path.join(dataDir, 'medlabel.db');
  const database = await openDatabase({ sqliteFile: file });
  const services = createServices(database, loadConfig({ MEDLABEL_DATA_DIR: dataDir }));
  const insert = async (email: string, role: 'admin' | 'researcher' | 'annotator') =>
    (await services.users.insert({ email, name: email, password: BENCH_PASSWORD, role })).id;
  await insert(ADMIN_EMAIL, 'admin');
  const researcherId = await insert(RESEARCHER_EMAIL, 'researcher');
  const annotatorIds: number[] = [];
  for (let i = 0; i < ANNOTATORS; i++)
    annotatorIds.push(await insert(annotatorEmail(i), 'annotator'));
  const researcher = { id: researcherId, email: RESEARCHER_EMAIL, role: 'researcher' as const };
  const template = await services.templates.create(
    researcher,
    structuredClone(exampleTemplates.echoMode),
  );
  await database.close();

  const db = new SQLite(file);
  // A throwaway database that is rebuilt on failure: no fsync per transaction while loading.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  const started = Date.now();

  db.transaction(() => {
    const image = db.prepare(
      `insert into images (url, width, height, frames, modality, mode, body_part, study_uid,
         series_uid, metadata, created_by, created_at) values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const entry = db.prepare(
      'insert into image_metadata (image_id, key, value, number) values (?, ?, ?, ?)',
    );
    for (let i = 1; i <= images; i++) {
      const study = Math.floor(i / 50);
      const metadata = { site: `site-${study % 7}` };
      const { lastInsertRowid } = image.run(
        `https://${IMAGE_HOST}/bench/${i}.png`,
        i % 3 === 0 ? 1024 : 512,
        512,
        MODALITIES[i % MODALITIES.length],
        i % 8 === 0 ? 'CW Doppler' : null,
        BODY_PARTS[study % BODY_PARTS.length],
        `2.25.${1000 + study}`,
        `2.25.${1000 + study}.${i % 5}`,
        JSON.stringify(metadata),
        researcherId,
        now,
      );
      for (const e of metadataEntries(metadata))
        entry.run(lastInsertRowid, e.key, e.value, e.number);
    }
  })();
  log(`  images: ${images} in ${Date.now() - started} ms`);

  const collectionIds = [0, 1, 2].map(
    (c) =>
      db
        .prepare(
          `insert into collections (owner_id, name, description, template_id, template_version,
             readers_per_image, annotators_see_all, metadata, image_count, created_at)
           values (?, ?, '', ?, 1, ?, 0, '{}', ?, ?)`,
        )
        .run(researcherId, `Bench ${c}`, template.id, c === 0 ? 4 : 3, images, now)
        .lastInsertRowid as number,
  );
  const assign = db.prepare(
    `insert into assignments (collection_id, user_id, kind, created_at) values (?, ?, 'annotate', ?)`,
  );
  for (const collectionId of collectionIds)
    for (const userId of annotatorIds) assign.run(collectionId, userId, now);

  const member = db.prepare(
    `insert into collection_images (collection_id, image_id, position, started_count,
       submitted_count, open) values (?, ?, ?, ?, ?, ?)`,
  );
  const annotation = db.prepare(
    `insert into annotations (collection_id, image_id, author_key, annotator_id, model, source,
       status, template_id, template_version, payload, version, time_spent_ms, created_at,
       updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 1, ?, ?, ?)`,
  );
  const event = db.prepare(
    `insert into annotation_events (annotation_id, actor_id, action, version, status, payload,
       created_at) values (?, ?, 'create', 1, ?, ?, ?)`,
  );
  const label = db.prepare(
    `insert into annotation_labels (annotation_id, collection_id, image_id, label, status)
     values (?, ?, ?, ?, ?)`,
  );
  let annotations = 0;
  const write = (
    collectionId: number,
    imageId: number,
    author: { userId: number } | { model: string },
    status: 'draft' | 'submitted',
    labelName: string,
  ) => {
    const payload = JSON.stringify({
      labels: [labelName],
      shapes: [],
      values: { quality: 'good', artifact: false },
    });
    const human = 'userId' in author;
    const id = annotation.run(
      collectionId,
      imageId,
      human ? `u:${author.userId}` : `m:${author.model}`,
      human ? author.userId : null,
      human ? null : author.model,
      human ? 'human' : 'model',
      status,
      template.id,
      payload,
      human ? 30_000 : 0,
      now,
      now,
    ).lastInsertRowid as number;
    event.run(id, human ? author.userId : researcherId, status, payload, now);
    label.run(id, collectionId, imageId, labelName, status);
    annotations += 1;
  };

  for (const [c, collectionId] of collectionIds.entries()) {
    const readersWanted = c === 0 ? 4 : 3;
    db.transaction(() => {
      for (let position = 1; position <= images; position++) {
        const imageId = position; // images were inserted first, ids 1..images
        const readers = readersOf(c as 0 | 1 | 2, position, images);
        const statuses = readers.map((_, k) =>
          c > 0 && (position + k) % 10 === 0 ? 'draft' : 'submitted',
        );
        const submitted = statuses.filter((s) => s === 'submitted').length;
        member.run(
          collectionId,
          imageId,
          position,
          readers.length,
          submitted,
          readers.length < readersWanted ? 1 : 0,
        );
        readers.forEach((reader, k) =>
          write(
            collectionId,
            imageId,
            { userId: annotatorIds[reader]! },
            statuses[k]!,
            LABELS[(position + k) % LABELS.length]!,
          ),
        );
        if (c === 0)
          write(collectionId, imageId, { model: 'cnn' }, 'submitted', LABELS[position % 3]!);
      }
    })();
    log(`  collection ${c}: ${annotations} annotations so far, ${Date.now() - started} ms`);
  }
  if (options.analyze) {
    const t0 = Date.now();
    db.exec('analyze');
    log(`  analyze: ${Date.now() - t0} ms`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    images,
    annotations,
    collectionId: collectionIds[0]!,
    untouchedFrom: Math.floor(images * 0.9) + 1,
    annotatorIds,
  };
}
