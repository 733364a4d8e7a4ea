import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { isForeignKeyViolation } from '../db/errors.js';
import type { DB, ImageSourcesTable } from '../db/tables.js';
import { chunks } from '../db/chunks.js';
import { isSealed, type SecretBox } from '../storage/secret-box.js';

type SourceRow = Selectable<ImageSourcesTable>;

/**
 * Image sources. Their `authorization` is sealed at rest (storage/secret-box.ts): this class
 * seals it on every write and opens it on every read, so no other code sees the stored form.
 */
export class SourcesRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
  ) {}

  async list() {
    const rows = await this.db.selectFrom('image_sources').selectAll().orderBy('id').execute();
    return rows.map((row) => this.opened(row));
  }

  async findById(id: number) {
    const row = await this.db
      .selectFrom('image_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && this.opened(row);
  }

  findByName(name: string) {
    return this.db
      .selectFrom('image_sources')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async insert(row: {
    name: string;
    base_url: string;
    authorization: string | null;
    created_by: number;
  }) {
    const inserted = await this.db
      .insertInto('image_sources')
      .values({
        ...row,
        authorization: this.sealed(row.authorization),
        kind: 'dicomweb',
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.opened(inserted);
  }

  async update(
    id: number,
    patch: { name?: string; base_url?: string; authorization?: string | null },
  ) {
    const updated = await this.db
      .updateTable('image_sources')
      .set(
        patch.authorization === undefined
          ? patch
          : { ...patch, authorization: this.sealed(patch.authorization) },
      )
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return updated && this.opened(updated);
  }

  /**
   * Seals the credentials stored in clear before sealing existed (run at start). Each row is
   * rewritten only while it still holds the clear value, so an admin's change made meanwhile
   * stands.
   */
  async sealClearCredentials(): Promise<number> {
    const rows = await this.db
      .selectFrom('image_sources')
      .select(['id', 'authorization'])
      .where('authorization', 'is not', null)
      .execute();
    let sealed = 0;
    for (const { id, authorization } of rows) {
      if (authorization === null || isSealed(authorization)) continue;
      const result = await this.db
        .updateTable('image_sources')
        .set({ authorization: this.box.seal(authorization) })
        .where('id', '=', id)
        .where('authorization', '=', authorization)
        .executeTakeFirst();
      sealed += Number(result.numUpdatedRows);
    }
    return sealed;
  }

  private sealed(authorization: string | null): string | null {
    return authorization === null ? null : this.box.seal(authorization);
  }

  private opened(row: SourceRow): SourceRow {
    return row.authorization === null
      ? row
      : { ...row, authorization: this.box.open(row.authorization) };
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
