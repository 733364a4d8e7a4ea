import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** Images per query or insert: well under SQLite's bound on variables per statement. */
const CHUNK = 500;
/**
 * Rows (images, for the reading keys) per page of a whole-study read: each page is one short
 * synchronous SQLite read, so a study of 100,000 images never blocks the event loop for long
 * (other requests run between pages).
 */
const PAGE_ROWS = 5000;

/**
 * Pages of rows in ascending id order: `fetch(after)` gives at most `pageRows` rows with ids
 * above `after`; the next page starts after the last id of this one.
 */
async function* pagesById<R>(
  pageRows: number,
  fetch: (after: number) => Promise<R[]>,
  idOf: (row: R) => number,
) {
  for (let after = 0; ;) {
    const rows = await fetch(after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = idOf(rows[rows.length - 1]!);
  }
}

export interface SettingsWrite {
  minDice: number;
  maxRelativeDifference: number;
  maxKeypointMm: number;
  referenceCaseRate: number;
  minReferenceAccuracy: number | null;
}

export interface ReferenceWrite {
  payload: string;
  method: 'picked' | 'edited' | 'expert';
  fromAnnotationIds: number[];
  referenceCase: boolean;
  decidedBy: number;
}

/**
 * A collection's reference standards with the email of the senior reader who decided each, by
 * image: for the adjudication queue and the collection's export.
 */
export function referenceStandards(db: Kysely<DB>, collectionId: number) {
  return db
    .selectFrom('reference_standards')
    .innerJoin('users', 'users.id', 'reference_standards.decided_by')
    .selectAll('reference_standards')
    .select('users.email as decided_by_email')
    .where('reference_standards.collection_id', '=', collectionId)
    .orderBy('reference_standards.image_id');
}

/** Reading studies: settings, senior readers, readings and reference standards. */
export class AgreementRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly pageRows = PAGE_ROWS,
  ) {}

  settings(collectionId: number) {
    return this.db
      .selectFrom('reading_studies')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .executeTakeFirst();
  }

  async saveSettings(collectionId: number, write: SettingsWrite, userId: number) {
    const values = {
      min_dice: write.minDice,
      max_relative_difference: write.maxRelativeDifference,
      max_keypoint_mm: write.maxKeypointMm,
      reference_case_rate: write.referenceCaseRate,
      min_reference_accuracy: write.minReferenceAccuracy,
      updated_by: userId,
      updated_at: new Date().toISOString(),
    };
    await this.db
      .insertInto('reading_studies')
      .values({ collection_id: collectionId, ...values })
      .onConflict((oc) => oc.column('collection_id').doUpdateSet(values))
      .execute();
  }

  adjudicators(collectionId: number) {
    return this.db
      .selectFrom('adjudicators')
      .innerJoin('users', 'users.id', 'adjudicators.user_id')
      .select(['users.id', 'users.email', 'users.name'])
      .where('adjudicators.collection_id', '=', collectionId)
      .orderBy('users.id')
      .execute();
  }

  async isAdjudicator(collectionId: number, userId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('adjudicators')
      .select('user_id')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setAdjudicators(collectionId: number, userIds: readonly number[]) {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('adjudicators').where('collection_id', '=', collectionId).execute();
      if (userIds.length > 0) {
        await tx
          .insertInto('adjudicators')
          .values(userIds.map((user_id) => ({ collection_id: collectionId, user_id })))
          .execute();
      }
    });
  }

  /** Some users (a study's readers), in id order. */
  usersByIds(ids: readonly number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
  }

  /**
   * Which reading of each image each reader submitted, and its version (one per reader and
   * image), by image and reader, a page of the collection's images at a time (a range of image
   * ids, so each query is one range of the annotations' index): what the images' stored
   * summaries must match.
   */
  async *readingKeys(collectionId: number) {
    const images = pagesById(
      this.pageRows,
      (after) =>
        this.db
          .selectFrom('collection_images')
          .select('image_id')
          .where('collection_id', '=', collectionId)
          .where('image_id', '>', after)
          .orderBy('image_id')
          .limit(this.pageRows)
          .execute(),
      (row) => row.image_id,
    );
    let after = 0;
    for await (const page of images) {
      const last = page[page.length - 1]!.image_id;
      yield await this.db
        .selectFrom('annotations')
        .select(['image_id', 'annotator_id', 'id', 'version'])
        .where('collection_id', '=', collectionId)
        .where('image_id', '>', after)
        .where('image_id', '<=', last)
        .where('source', '=', 'human')
        .where('status', '=', 'submitted')
        .orderBy('image_id')
        .orderBy('annotator_id')
        .execute();
      after = last;
    }
  }

  /** The submitted human readings of some of the collection's images, chunk by chunk. */
  async *readingsOf(collectionId: number, imageIds: readonly number[]) {
    for (let start = 0; start < imageIds.length; start += CHUNK) {
      yield await this.db
        .selectFrom('annotations')
        .select(['image_id', 'annotator_id', 'payload'])
        .where('collection_id', '=', collectionId)
        .where('image_id', 'in', imageIds.slice(start, start + CHUNK))
        .where('source', '=', 'human')
        .where('status', '=', 'submitted')
        .execute();
    }
  }

  /**
   * The images' stored summaries, each with the fingerprint of the readings it summarises, and
   * their consensus outlines where `withOutlines`, page by page.
   */
  imageSummaries(collectionId: number, withOutlines: boolean) {
    return pagesById(
      this.pageRows,
      (after) =>
        this.db
          .selectFrom('agreement_images')
          .select(['image_id', 'fingerprint', 'summary'])
          .$if(withOutlines, (qb) => qb.select('outlines'))
          .where('collection_id', '=', collectionId)
          .where('image_id', '>', after)
          .orderBy('image_id')
          .limit(this.pageRows)
          .execute(),
      (row) => row.image_id,
    );
  }

  /**
   * Stores images' summaries, replacing older ones; a statement per chunk, so that a large
   * study never holds the (SQLite) write lock for long.
   */
  async saveImageSummaries(
    collectionId: number,
    summaries: readonly {
      imageId: number;
      fingerprint: string;
      summary: string;
      outlines: string;
    }[],
  ) {
    for (let start = 0; start < summaries.length; start += CHUNK) {
      await this.db
        .insertInto('agreement_images')
        .values(
          summaries.slice(start, start + CHUNK).map((s) => ({
            collection_id: collectionId,
            image_id: s.imageId,
            fingerprint: s.fingerprint,
            summary: s.summary,
            outlines: s.outlines,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['collection_id', 'image_id']).doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            summary: eb.ref('excluded.summary'),
            outlines: eb.ref('excluded.outlines'),
          })),
        )
        .execute();
    }
  }

  /**
   * The metadata of the collection's images (for their pixel spacing), in image id order, page
   * by page.
   */
  imageMetadata(collectionId: number) {
    return pagesById(
      this.pageRows,
      (after) =>
        this.db
          .selectFrom('collection_images')
          .innerJoin('images', 'images.id', 'collection_images.image_id')
          .select(['images.id', 'images.metadata'])
          .where('collection_images.collection_id', '=', collectionId)
          .where('images.id', '>', after)
          .orderBy('images.id')
          .limit(this.pageRows)
          .execute(),
      (row) => row.id,
    );
  }

  /** One image's submitted human readings with their readers. */
  imageReadings(collectionId: number, imageId: number) {
    return this.db
      .selectFrom('annotations')
      .innerJoin('users', 'users.id', 'annotations.annotator_id')
      .select([
        'annotations.id',
        'annotations.payload',
        'annotations.updated_at',
        'users.id as user_id',
        'users.email',
        'users.name',
      ])
      .where('annotations.collection_id', '=', collectionId)
      .where('annotations.image_id', '=', imageId)
      .where('annotations.source', '=', 'human')
      .where('annotations.status', '=', 'submitted')
      .orderBy('users.id')
      .execute();
  }

  references(collectionId: number) {
    return referenceStandards(this.db, collectionId).execute();
  }

  reference(collectionId: number, imageId: number) {
    return referenceStandards(this.db, collectionId)
      .where('reference_standards.image_id', '=', imageId)
      .executeTakeFirst();
  }

  async saveReference(collectionId: number, imageId: number, write: ReferenceWrite) {
    const values = {
      payload: write.payload,
      method: write.method,
      from_annotation_ids: JSON.stringify(write.fromAnnotationIds),
      reference_case: write.referenceCase ? 1 : 0,
      decided_by: write.decidedBy,
      decided_at: new Date().toISOString(),
    };
    await this.db
      .insertInto('reference_standards')
      .values({ collection_id: collectionId, image_id: imageId, ...values })
      .onConflict((oc) => oc.columns(['collection_id', 'image_id']).doUpdateSet(values))
      .execute();
  }

  pausedReaders(collectionId: number) {
    return this.db
      .selectFrom('paused_readers')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .orderBy('user_id')
      .execute();
  }

  async pause(collectionId: number, userId: number, reason: string, pausedBy: number) {
    await this.db
      .insertInto('paused_readers')
      .values({
        collection_id: collectionId,
        user_id: userId,
        reason,
        paused_by: pausedBy,
        paused_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['collection_id', 'user_id']).doUpdateSet({ reason }))
      .execute();
  }

  async resume(collectionId: number, userId: number) {
    await this.db
      .deleteFrom('paused_readers')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** Changes whenever a submitted reading is added, changed or withdrawn. */
  async readingsVersion(collectionId: number): Promise<string> {
    const row = await this.db
      .selectFrom('annotations')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('updated_at').as('last')])
      .where('collection_id', '=', collectionId)
      .where('source', '=', 'human')
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow();
    return `${Number(row.count)}/${String(row.last)}`;
  }

  async inCollection(collectionId: number, imageId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('collection_images')
      .select('image_id')
      .where('collection_id', '=', collectionId)
      .where('image_id', '=', imageId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
