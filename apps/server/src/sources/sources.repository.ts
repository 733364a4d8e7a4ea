import type { Kysely } from 'kysely';
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
