import { type Insertable, type Kysely, type Transaction } from 'kysely';
import type {
  DB,
  ImageRow,
  LoopsTable,
  ModelsTable,
  PredictionsTable,
  Provenance,
} from '../db/tables.js';
import { chunks } from '../db/chunks.js';
import { isUniqueViolation } from '../db/errors.js';

/** A submitted human annotation's image-level label (the payload's first label). */
export interface HumanLabel {
  imageId: number;
  collectionId: number;
  payload: string;
}

/** The labeling loops' tables: loops, their validation sets, models, predictions, reviews. */
export class LoopsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Creates the loop with its validation set; `then` runs in the same transaction. */
  create(
    row: Insertable<LoopsTable>,
    validation: readonly { imageId: number; label: number }[],
    then: (trx: Transaction<DB>, loopId: number) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('loops')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const chunk of chunks(validation, 500)) {
        await trx
          .insertInto('loop_images')
          .values(chunk.map((v) => ({ loop_id: id, image_id: v.imageId, label: v.label })))
          .execute();
      }
      await then(trx, id);
      return id;
    });
  }

  findById(id: number) {
    return this.db.selectFrom('loops').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Loops of collections the owner manages (every loop for `ownerId` undefined: admins). */
  list(ownerId: number | undefined, collectionId?: number) {
    return this.db
      .selectFrom('loops')
      .innerJoin('collections', 'collections.id', 'loops.collection_id')
      .selectAll('loops')
      .$if(ownerId !== undefined, (q) => q.where('collections.owner_id', '=', ownerId!))
      .$if(collectionId !== undefined, (q) => q.where('loops.collection_id', '=', collectionId!))
      .orderBy('loops.id', 'desc')
      .limit(500)
      .execute();
  }

  validation(loopId: number) {
    return this.db
      .selectFrom('loop_images')
      .select(['image_id', 'label'])
      .where('loop_id', '=', loopId)
      .orderBy('image_id')
      .execute();
  }

  async validationSize(loopId: number): Promise<number> {
    const row = await this.db
      .selectFrom('loop_images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('loop_id', '=', loopId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Submitted human annotations in these collections, oldest first. */
  async humanLabels(collectionIds: readonly number[]): Promise<HumanLabel[]> {
    if (collectionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('annotations')
      .select(['image_id', 'collection_id', 'payload'])
      .where('collection_id', 'in', collectionIds)
      .where('source', '=', 'human')
      .where('status', '=', 'submitted')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      imageId: r.image_id,
      collectionId: r.collection_id,
      payload: r.payload,
    }));
  }

  /** The adjudicated reference standards of a collection's images (reading studies). */
  referenceLabels(collectionId: number) {
    return this.db
      .selectFrom('reference_standards')
      .select(['image_id', 'payload'])
      .where('collection_id', '=', collectionId)
      .orderBy('image_id')
      .execute();
  }

  predictions(loopId: number, round?: number) {
    return this.db
      .selectFrom('predictions')
      .selectAll()
      .where('loop_id', '=', loopId)
      .$if(round !== undefined, (q) => q.where('round', '=', round!))
      .orderBy('id')
      .execute();
  }

  images(ids: readonly number[]): Promise<ImageRow[]> {
    return this.inChunks(ids, (chunk) =>
      this.db.selectFrom('images').selectAll().where('id', 'in', chunk).execute(),
    );
  }

  /** Numeric metadata of images under the given (lower-case) keys. */
  async metadataNumbers(
    imageIds: readonly number[],
    keys: readonly string[],
  ): Promise<Map<number, Map<string, number>>> {
    const rows = await this.inChunks(imageIds, (chunk) =>
      this.db
        .selectFrom('image_metadata')
        .select(['image_id', 'key', 'number'])
        .where('image_id', 'in', chunk)
        .where('key', 'in', keys)
        .where('number', 'is not', null)
        .execute(),
    );
    const byImage = new Map<number, Map<string, number>>();
    for (const row of rows) {
      const entry = byImage.get(row.image_id) ?? new Map<string, number>();
      entry.set(row.key, row.number!);
      byImage.set(row.image_id, entry);
    }
    return byImage;
  }

  models(loopId: number) {
    return this.db
      .selectFrom('models')
      .selectAll()
      .where('loop_id', '=', loopId)
      .orderBy('round')
      .execute();
  }

  model(loopId: number, round: number) {
    return this.db
      .selectFrom('models')
      .selectAll()
      .where('loop_id', '=', loopId)
      .where('round', '=', round)
      .executeTakeFirst();
  }

  /** Stores a model version once: a retried job that trained it again keeps the first. */
  async insertModel(row: Insertable<ModelsTable>) {
    try {
      await this.db.insertInto('models').values(row).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return (await this.model(row.loop_id, row.round))!;
  }

  /** The newest model's round (-1 before the first) and the newest batch (0 before the first). */
  async rounds(loopId: number): Promise<{ modelRound: number; batchRound: number }> {
    const model = await this.db
      .selectFrom('models')
      .select((eb) => eb.fn.max<number | null>('round').as('round'))
      .where('loop_id', '=', loopId)
      .executeTakeFirstOrThrow();
    const batch = await this.db
      .selectFrom('predictions')
      .select((eb) => eb.fn.max<number | null>('round').as('round'))
      .where('loop_id', '=', loopId)
      .executeTakeFirstOrThrow();
    return { modelRound: model.round ?? -1, batchRound: batch.round ?? 0 };
  }

  /**
   * The next images to batch, in collection order: in the collection (and among `among` when
   * given), outside V, never batched by this loop, and not labeled by a person there.
   */
  async unlabeled(
    loopId: number,
    collectionId: number,
    limit: number,
    among?: readonly number[],
  ): Promise<number[]> {
    const query = (restrict?: number[]) =>
      this.db
        .selectFrom('collection_images as ci')
        .select('ci.image_id')
        .where('ci.collection_id', '=', collectionId)
        .$if(restrict !== undefined, (q) => q.where('ci.image_id', 'in', restrict!))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('loop_images as v')
                .select('v.image_id')
                .where('v.loop_id', '=', loopId)
                .whereRef('v.image_id', '=', 'ci.image_id'),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('predictions as p')
                .select('p.id')
                .where('p.loop_id', '=', loopId)
                .whereRef('p.image_id', '=', 'ci.image_id'),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('annotations as a')
                .select('a.id')
                .whereRef('a.collection_id', '=', 'ci.collection_id')
                .whereRef('a.image_id', '=', 'ci.image_id')
                .where('a.source', '=', 'human')
                .where('a.status', '=', 'submitted'),
            ),
          ),
        )
        .orderBy('ci.position')
        .limit(limit)
        .execute();
    if (among === undefined) return (await query()).map((r) => r.image_id);
    const ids: number[] = [];
    for (const chunk of chunks(among, 1000)) {
      if (ids.length >= limit) break;
      ids.push(...(await query(chunk)).map((r) => r.image_id));
    }
    return ids.slice(0, limit);
  }

  /**
   * Stores a batch's predictions once: when the batch was stored before (a retried job), the
   * stored rows win and nothing is written.
   */
  /** A round's predictions and, when its routing stated one, its error guarantee (JSON), at once. */
  async insertPredictions(rows: Insertable<PredictionsTable>[], guarantee: string | undefined) {
    const first = rows[0];
    if (!first) return [];
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('predictions')
        .select('id')
        .where('loop_id', '=', first.loop_id)
        .where('round', '=', first.round)
        .limit(1)
        .executeTakeFirst();
      if (existing) return;
      for (const chunk of chunks(rows, 500))
        await trx.insertInto('predictions').values(chunk).execute();
      if (guarantee !== undefined)
        await trx
          .insertInto('loop_rounds')
          .values({
            loop_id: first.loop_id,
            round: first.round,
            guarantee,
            created_at: first.created_at,
          })
          .execute();
    });
    return this.predictions(first.loop_id, first.round);
  }

  /** Each round's error guarantee (JSON), by round. */
  async guarantees(loopId: number): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom('loop_rounds')
      .select(['round', 'guarantee'])
      .where('loop_id', '=', loopId)
      .execute();
    return new Map(rows.map((r) => [r.round, r.guarantee]));
  }

  /** The review collection of a round's predicted label, created with its link on first call. */
  reviewCollection(
    key: { loopId: number; round: number; label: string },
    create: (trx: Transaction<DB>) => Promise<number>,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('loop_collections')
        .select('collection_id')
        .where('loop_id', '=', key.loopId)
        .where('round', '=', key.round)
        .where('label', '=', key.label)
        .executeTakeFirst();
      if (existing) return existing.collection_id;
      const collectionId = await create(trx);
      await trx
        .insertInto('loop_collections')
        .values({
          collection_id: collectionId,
          loop_id: key.loopId,
          round: key.round,
          label: key.label,
        })
        .execute();
      return collectionId;
    });
  }

  /** The review collections of a loop with their progress. */
  reviewCollections(loopId: number) {
    return this.db
      .selectFrom('loop_collections as lc')
      .innerJoin('collections as c', 'c.id', 'lc.collection_id')
      .select(['lc.round', 'lc.label', 'c.id', 'c.image_count', 'c.done_count'])
      .where('lc.loop_id', '=', loopId)
      .orderBy('lc.round')
      .orderBy('lc.label')
      .execute();
  }

  loopOfReviewCollection(collectionId: number) {
    return this.db
      .selectFrom('loop_collections')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .executeTakeFirst();
  }

  /** Human annotations made from this loop's predictions: what people did with each case. */
  reviews(loopId: number) {
    return this.db
      .selectFrom('annotations as a')
      .innerJoin('predictions as p', 'p.id', 'a.prediction_id')
      .select([
        'p.round',
        'p.routing',
        'p.label as predicted',
        'p.image_id',
        'a.payload',
        'a.provenance',
        'a.time_spent_ms',
      ])
      .where('p.loop_id', '=', loopId)
      .where('a.source', '=', 'human')
      .where('a.status', '=', 'submitted')
      .execute();
  }

  /** Median time of people's own (not model-assisted) submitted labels in a collection. */
  async manualSeconds(collectionId: number): Promise<number | null> {
    const rows = await this.db
      .selectFrom('annotations')
      .select('time_spent_ms')
      .where('collection_id', '=', collectionId)
      .where('source', '=', 'human')
      .where('status', '=', 'submitted')
      .where('provenance', '=', 'manual' satisfies Provenance)
      .where('time_spent_ms', '>', 0)
      .orderBy('time_spent_ms')
      .limit(10_000)
      .execute();
    if (rows.length === 0) return null;
    return rows[Math.floor(rows.length / 2)]!.time_spent_ms / 1000;
  }

  private async inChunks<T>(
    ids: readonly number[],
    run: (chunk: number[]) => Promise<T[]>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (const chunk of chunks(ids, 1000)) out.push(...(await run(chunk)));
    return out;
  }
}
