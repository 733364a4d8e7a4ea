import type { Kysely } from 'kysely';
import type { DB, NewImageRow } from '../db/tables.js';

export class ImagesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: number) {
    return this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUrl(url: string) {
    return this.db.selectFrom('images').select(['id', 'frames']).where('url', '=', url).execute();
  }

  list(options: { afterId: number; limit: number }) {
    return this.db
      .selectFrom('images')
      .selectAll()
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit)
      .execute();
  }

  /** Inserts in one transaction and returns the new ids in input order. */
  insertMany(rows: NewImageRow[]) {
    return this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const inserted = await trx
          .insertInto('images')
          .values(rows.slice(i, i + 500))
          .returning('id')
          .execute();
        ids.push(...inserted.map((r) => r.id));
      }
      return ids;
    });
  }

  async countExisting(ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const row = await this.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Is any of the images in a collection assigned to the user? */
  async visibleToAnnotator(imageIds: number[], userId: number): Promise<boolean> {
    if (imageIds.length === 0) return false;
    const row = await this.db
      .selectFrom('collection_images')
      .innerJoin('assignments', 'assignments.collection_id', 'collection_images.collection_id')
      .select('collection_images.image_id')
      .where('collection_images.image_id', 'in', imageIds)
      .where('assignments.user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
