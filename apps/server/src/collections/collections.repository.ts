import { sql, type Kysely, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { CollectionsTable, DB } from '../db/tables.js';
import type { DialectName } from '../db/database.js';
import { chunks } from '../db/chunks.js';
import { visibleCollection, type Viewer } from '../access/access.repository.js';

export const authorKeyOfUser = (userId: number) => `u:${userId}`;
export const authorKeyOfModel = (model: string) => `m:${model}`;
/** Every model author key sorts in [from, to). */
export const MODEL_KEYS = { from: 'm:', to: 'm;' };

export type NewCollectionRow = Omit<CollectionsTable, 'id' | 'image_count' | 'done_count'>;

/**
 * A collection image (`ci`, joined to `images`) that stands for its series: the series' first
 * image by position, or an image with no series.
 */
const FIRST_OF_SERIES = sql<SqlBool>`(images.series_uid is null or ci.position = (
  select min(s.position) from collection_images s
  join images si on si.id = s.image_id
  where s.collection_id = ci.collection_id and si.series_uid = images.series_uid))`;

export class CollectionsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  findById(id: number) {
    return this.db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The collections the viewer sees, after `afterId`. */
  list(options: { afterId: number; limit: number; viewer: Viewer }) {
    return this.db
      .selectFrom('collections')
      .selectAll('collections')
      .where((eb) => visibleCollection(eb, options.viewer))
      .where('collections.id', '>', options.afterId)
      .orderBy('collections.id')
      .limit(options.limit)
      .execute();
  }

  /** Creates the collection and adds its first images in one transaction: all or nothing. */
  create(row: NewCollectionRow, imageIds: readonly number[] = []): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const id = await this.createIn(trx, row);
      if (imageIds.length > 0) await this.addImagesIn(trx, id, imageIds);
      return id;
    });
  }

  /** Creates the collection in the caller's transaction. */
  async createIn(trx: Kysely<DB> | Transaction<DB>, row: NewCollectionRow): Promise<number> {
    const { id } = await trx
      .insertInto('collections')
      .values({ ...row, image_count: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /**
   * Updates the collection; a new reader count re-opens or closes images in the same transaction.
   * Rows are locked in the order a save locks them, the image's row before the collection's
   * (a save counting an image done takes both): the other order deadlocked on PostgreSQL.
   */
  update(id: number, patch: Updateable<CollectionsTable>) {
    return this.db.transaction().execute(async (trx) => {
      const readers = patch.readers_per_image;
      if (readers === undefined) {
        await trx.updateTable('collections').set(patch).where('id', '=', id).execute();
        return;
      }
      await trx
        .updateTable('collection_images')
        .set({ open: sql<number>`case when started_count < ${readers} then 1 else 0 end` })
        .where('collection_id', '=', id)
        .execute();
      // Images may reopen: every work queue starts over.
      await trx.deleteFrom('queue_cursors').where('collection_id', '=', id).execute();
      await trx
        .updateTable('collections')
        .set({
          ...patch,
          done_count: sql<number>`(select count(*) from collection_images ci
            where ci.collection_id = ${id} and ci.submitted_count >= ${readers})`,
        })
        .where('id', '=', id)
        .execute();
    });
  }

  async delete(id: number) {
    await this.db.deleteFrom('collections').where('id', '=', id).execute();
  }

  /** Appends images not yet in the collection; returns how many were added. */
  addImages(id: number, imageIds: readonly number[]): Promise<number> {
    return this.db.transaction().execute((trx) => this.addImagesIn(trx, id, imageIds));
  }

  /**
   * Appends images in the caller's transaction. Positions follow the largest one, read after
   * locking the collection row: on PostgreSQL two adds to one collection would otherwise read the
   * same largest position (or both miss an image) and one would fail on the unique index.
   * SQLite has one writer at a time and needs no lock.
   */
  private async addImagesIn(
    trx: Transaction<DB>,
    id: number,
    imageIds: readonly number[],
  ): Promise<number> {
    if (this.dialect === 'postgres') {
      await trx.selectFrom('collections').select('id').where('id', '=', id).forUpdate().execute();
    }
    const { max } = await trx
      .selectFrom('collection_images')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('collection_id', '=', id)
      .executeTakeFirstOrThrow();
    let position = Number(max ?? 0);
    let added = 0;
    for (const chunk of chunks([...new Set(imageIds)], 1000)) {
      const present = new Set(
        (
          await trx
            .selectFrom('collection_images')
            .select('image_id')
            .where('collection_id', '=', id)
            .where('image_id', 'in', chunk)
            .execute()
        ).map((r) => r.image_id),
      );
      const rows = chunk
        .filter((imageId) => !present.has(imageId))
        .map((imageId) => ({ collection_id: id, image_id: imageId, position: ++position }));
      if (rows.length > 0) await trx.insertInto('collection_images').values(rows).execute();
      added += rows.length;
    }
    await trx
      .updateTable('collections')
      .set((eb) => ({ image_count: eb('image_count', '+', added) }))
      .where('id', '=', id)
      .execute();
    return added;
  }

  /** One page of the collection in position order, with the counters and the user's own annotation. */
  page(options: {
    collectionId: number;
    afterPosition: number;
    offset?: number | undefined;
    limit: number;
    userId: number;
    /** only images whose latest model annotation carries this label */
    predicted?: string | undefined;
    /** only images of this series */
    series?: string | undefined;
    /** a series as one item: its first image only */
    onePerSeries?: boolean;
  }) {
    return (
      this.db
        .selectFrom('collection_images as ci')
        .innerJoin('images', 'images.id', 'ci.image_id')
        .leftJoin('annotations as mine', (join) =>
          join
            .onRef('mine.collection_id', '=', 'ci.collection_id')
            .onRef('mine.image_id', '=', 'ci.image_id')
            .on('mine.author_key', '=', authorKeyOfUser(options.userId)),
        )
        // The latest model annotation of the image: a range of the (collection, image, author) index.
        .leftJoin('annotations as model', (join) =>
          join.onRef('model.collection_id', '=', 'ci.collection_id').on((eb) =>
            eb(
              'model.id',
              '=',
              eb
                .selectFrom('annotations as m')
                .select((m) => m.fn.max('m.id').as('id'))
                .whereRef('m.collection_id', '=', 'ci.collection_id')
                .whereRef('m.image_id', '=', 'ci.image_id')
                .where('m.author_key', '>=', MODEL_KEYS.from)
                .where('m.author_key', '<', MODEL_KEYS.to),
            ),
          ),
        )
        .selectAll('images')
        .select([
          'ci.position',
          'ci.started_count',
          'ci.submitted_count',
          'mine.id as mine_id',
          'mine.status as mine_status',
          'mine.version as mine_version',
          'mine.payload as mine_payload',
          'mine.provenance as mine_provenance',
          'model.model as model_name',
          'model.payload as model_payload',
          'model.confidence as model_confidence',
        ])
        .where('ci.collection_id', '=', options.collectionId)
        .$if(options.predicted !== undefined, (q) =>
          q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('annotation_labels as al')
                .select('al.annotation_id')
                .whereRef('al.annotation_id', '=', 'model.id')
                .where('al.label', '=', options.predicted!),
            ),
          ),
        )
        .$if(options.series !== undefined, (q) =>
          q.where('images.series_uid', '=', options.series!),
        )
        .$if(options.onePerSeries === true, (q) => q.where(FIRST_OF_SERIES))
        .$if(options.offset === undefined, (q) =>
          q.where('ci.position', '>', options.afterPosition),
        )
        .orderBy('ci.position')
        .limit(options.limit)
        .$if(options.offset !== undefined, (q) => q.offset(options.offset!))
        .execute()
    );
  }

  /** The items of the collection where a series is one item (FIRST_OF_SERIES). */
  async itemCount(collectionId: number): Promise<number> {
    const row = await this.db
      .selectFrom('collection_images as ci')
      .innerJoin('images', 'images.id', 'ci.image_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('ci.collection_id', '=', collectionId)
      .where(FIRST_OF_SERIES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many of the collection's images each of these series has. */
  async seriesSlices(collectionId: number, seriesUids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const chunk of chunks([...new Set(seriesUids)], 500)) {
      const rows = await this.db
        .selectFrom('collection_images as ci')
        .innerJoin('images', 'images.id', 'ci.image_id')
        .select((eb) => ['images.series_uid', eb.fn.countAll<number | string>().as('n')])
        .where('ci.collection_id', '=', collectionId)
        .where('images.series_uid', 'in', chunk)
        .groupBy('images.series_uid')
        .execute();
      for (const row of rows) counts.set(row.series_uid!, Number(row.n));
    }
    return counts;
  }

  /**
   * Removes images and the annotations made of them in this collection. Unless `discard`, it
   * removes nothing when there are such annotations and says how many (`refused`), counted in
   * the same transaction as the removal.
   */
  removeImages(
    id: number,
    imageIds: number[],
    discard: boolean,
  ): Promise<{ images: number; annotations: number; refused: boolean }> {
    const unique = [...new Set(imageIds)];
    return this.db.transaction().execute(async (trx) => {
      if (!discard) {
        let annotations = 0;
        for (const chunk of chunks(unique, 1000)) {
          const row = await trx
            .selectFrom('annotations')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('collection_id', '=', id)
            .where('image_id', 'in', chunk)
            .executeTakeFirstOrThrow();
          annotations += Number(row.n);
        }
        if (annotations > 0) return { images: 0, annotations, refused: true };
      }
      const { readers } = await trx
        .selectFrom('collections')
        .select('readers_per_image as readers')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      let removed = 0;
      let done = 0;
      let annotations = 0;
      for (const chunk of chunks(unique, 1000)) {
        const deleted = await trx
          .deleteFrom('annotations')
          .where('collection_id', '=', id)
          .where('image_id', 'in', chunk)
          .executeTakeFirst();
        annotations += Number(deleted.numDeletedRows);
        const rows = await trx
          .deleteFrom('collection_images')
          .where('collection_id', '=', id)
          .where('image_id', 'in', chunk)
          .returning('submitted_count')
          .execute();
        removed += rows.length;
        done += rows.filter((r) => r.submitted_count >= readers).length;
      }
      await trx
        .updateTable('collections')
        .set((eb) => ({
          image_count: eb('image_count', '-', removed),
          done_count: eb('done_count', '-', done),
        }))
        .where('id', '=', id)
        .execute();
      return { images: removed, annotations, refused: false };
    });
  }

  /** How many of the collection's images the user has annotated, by status. */
  async mine(collectionId: number, userId: number) {
    const rows = await this.db
      .selectFrom('annotations')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('annotator_id', '=', userId)
      .where('collection_id', '=', collectionId)
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { submitted: count('submitted'), drafts: count('draft') };
  }

  /** The image position of one member, or undefined when the image is not in the collection. */
  member(collectionId: number, imageId: number) {
    return this.db
      .selectFrom('collection_images')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .where('image_id', '=', imageId)
      .executeTakeFirst();
  }

  /** Whether the reader is paused in the collection (reading studies, migration 0013). */
  async isPaused(collectionId: number, userId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('paused_readers')
      .select('user_id')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The collection's images (as `ci`) the user has not annotated. */
  private unreadBy(collectionId: number, userId: number) {
    return this.db
      .selectFrom('collection_images as ci')
      .where('ci.collection_id', '=', collectionId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('annotations')
              .select('annotations.id')
              .where('annotations.author_key', '=', authorKeyOfUser(userId))
              .whereRef('annotations.collection_id', '=', 'ci.collection_id')
              .whereRef('annotations.image_id', '=', 'ci.image_id'),
          ),
        ),
      );
  }

  /**
   * A reference case of the collection's reading study the reader has not read, when one is
   * due: reference cases make up the study's rate of what the reader has read (counting the
   * next image), spread through the queue and never announced.
   */
  private async referenceCaseDue(collectionId: number, userId: number) {
    const study = await this.db
      .selectFrom('reading_studies')
      .select('reference_case_rate')
      .where('collection_id', '=', collectionId)
      .executeTakeFirst();
    const rate = study?.reference_case_rate ?? 0;
    if (rate === 0) return undefined;
    const read = await this.db
      .selectFrom('annotations')
      .leftJoin('reference_standards as rs', (join) =>
        join
          .onRef('rs.collection_id', '=', 'annotations.collection_id')
          .onRef('rs.image_id', '=', 'annotations.image_id')
          .on('rs.reference_case', '=', 1),
      )
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('rs.image_id').as('references'),
      ])
      .where('annotations.collection_id', '=', collectionId)
      .where('annotations.author_key', '=', authorKeyOfUser(userId))
      .executeTakeFirstOrThrow();
    if (Number(read.references) >= rate * (Number(read.all) + 1)) return undefined;
    const unread = await this.unreadBy(collectionId, userId)
      .innerJoin('reference_standards as rs', (join) =>
        join
          .onRef('rs.collection_id', '=', 'ci.collection_id')
          .onRef('rs.image_id', '=', 'ci.image_id'),
      )
      .select('ci.image_id')
      .where('rs.reference_case', '=', 1)
      .orderBy('ci.position')
      .limit(1)
      .executeTakeFirst();
    return unread?.image_id;
  }

  /**
   * The annotator's next image: its oldest draft first, else the first open image (fewer than
   * the wanted readers started) that it has not annotated. The search resumes at the
   * annotator's queue cursor, so images it already read are not walked again on every call.
   */
  async nextImageId(collectionId: number, userId: number): Promise<number | undefined> {
    const draft = await this.db
      .selectFrom('annotations')
      .select('image_id')
      .where('annotator_id', '=', userId)
      .where('collection_id', '=', collectionId)
      .where('status', '=', 'draft')
      .orderBy('image_id')
      .limit(1)
      .executeTakeFirst();
    if (draft) return draft.image_id;
    const reference = await this.referenceCaseDue(collectionId, userId);
    if (reference !== undefined) return reference;
    const cursor = await this.db
      .selectFrom('queue_cursors')
      .select('position')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const open = await this.unreadBy(collectionId, userId)
      .select(['ci.image_id', 'ci.position'])
      .where('ci.open', '=', 1)
      .where('ci.position', '>=', cursor?.position ?? 0)
      .orderBy('ci.position')
      .limit(1)
      .executeTakeFirst();
    // Every open image before this one is the annotator's own: the next call starts here.
    if (open && open.position !== cursor?.position) {
      await this.db
        .insertInto('queue_cursors')
        .values({ collection_id: collectionId, user_id: userId, position: open.position })
        .onConflict((oc) =>
          oc.columns(['collection_id', 'user_id']).doUpdateSet({ position: open.position }),
        )
        .execute();
    }
    return open?.image_id;
  }
}
