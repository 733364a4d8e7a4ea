import type { ExpressionBuilder, Kysely } from 'kysely';
import { isForeignKeyViolation } from '../db/errors.js';
import type { DB } from '../db/tables.js';
import { chunks } from '../db/chunks.js';

export class SourcesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list() {
    return this.db.selectFrom('image_sources').selectAll().orderBy('id').execute();
  }

  findById(id: number) {
    return this.db.selectFrom('image_sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string) {
    return this.db
      .selectFrom('image_sources')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
  }

  insert(row: {
    name: string;
    base_url: string;
    authorization: string | null;
    created_by: number;
  }) {
    return this.db
      .insertInto('image_sources')
      .values({ ...row, kind: 'dicomweb', created_at: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(id: number, patch: { name?: string; base_url?: string; authorization?: string | null }) {
    return this.db
      .updateTable('image_sources')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Deletes the source unless images refer to it, in one statement (an import that indexes an
   * image of it at the same moment makes the delete fail on the foreign key instead): `deleted`,
   * `missing`, or `in-use` with the number of its images.
   */
  async delete(
    id: number,
  ): Promise<{ outcome: 'deleted' | 'missing' } | { outcome: 'in-use'; images: number }> {
    const used = (eb: ExpressionBuilder<DB, 'image_sources'>) =>
      eb.exists(
        eb
          .selectFrom('images')
          .select('images.id')
          .whereRef('images.source_id', '=', 'image_sources.id'),
      );
    try {
      const deleted = await this.db
        .deleteFrom('image_sources')
        .where('id', '=', id)
        .where((eb) => eb.not(used(eb)))
        .executeTakeFirst();
      if (deleted.numDeletedRows > 0n) return { outcome: 'deleted' };
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
    }
    if (!(await this.findById(id))) return { outcome: 'missing' };
    const row = await this.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('source_id', '=', id)
      .executeTakeFirstOrThrow();
    return { outcome: 'in-use', images: Number(row.n) };
  }

  /** The images already indexed from this source, by SOP Instance UID. */
  async imagesOf(sourceId: number, instanceUids: string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const chunk of chunks(instanceUids, 500)) {
      const rows = await this.db
        .selectFrom('images')
        .select(['id', 'instance_uid'])
        .where('source_id', '=', sourceId)
        .where('instance_uid', 'in', chunk)
        .execute();
      for (const row of rows) found.set(row.instance_uid!, row.id);
    }
    return found;
  }
}
