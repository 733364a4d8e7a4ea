import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

const templateColumns = [
  'templates.id',
  'templates.owner_id',
  'templates.name',
  'templates.current_version',
  'templates.created_at',
  'templates.updated_at',
  'template_versions.definition',
] as const;

/** Templates with the definition of their current version (shared with search). */
export function currentTemplates(db: Kysely<DB>) {
  return db
    .selectFrom('templates')
    .innerJoin('template_versions', (join) =>
      join
        .onRef('template_versions.template_id', '=', 'templates.id')
        .onRef('template_versions.version', '=', 'templates.current_version'),
    )
    .select(templateColumns);
}

/** The templates an annotator sees: those used by a collection assigned to it (shared with search). */
export function usedByCollectionAssignedTo(eb: ExpressionBuilder<DB, 'templates'>, userId: number) {
  return eb.exists(
    eb
      .selectFrom('collections')
      .innerJoin('assignments', 'assignments.collection_id', 'collections.id')
      .select('collections.id')
      .whereRef('collections.template_id', '=', 'templates.id')
      .where('assignments.user_id', '=', userId),
  );
}

export class TemplatesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private current() {
    return currentTemplates(this.db);
  }

  findById(id: number) {
    return this.current().where('templates.id', '=', id).executeTakeFirst();
  }

  /** Templates after `afterId`; `visibleTo` limits them to those an annotator's collections use. */
  list(options: { afterId: number; limit: number; ownerId?: number; visibleTo?: number }) {
    let query = this.current()
      .where('templates.id', '>', options.afterId)
      .orderBy('templates.id')
      .limit(options.limit);
    if (options.ownerId !== undefined)
      query = query.where('templates.owner_id', '=', options.ownerId);
    if (options.visibleTo !== undefined) {
      const userId = options.visibleTo;
      query = query.where((eb) => usedByCollectionAssignedTo(eb, userId));
    }
    return query.execute();
  }

  findVersion(id: number, version: number) {
    return this.db
      .selectFrom('template_versions')
      .selectAll()
      .where('template_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Is the template used by a collection assigned to the user? */
  async usedByAssignedCollection(templateId: number, userId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('collections')
      .innerJoin('assignments', 'assignments.collection_id', 'collections.id')
      .select('collections.id')
      .where('collections.template_id', '=', templateId)
      .where('assignments.user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  create(input: { ownerId: number; name: string; definition: string }) {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const { id } = await trx
        .insertInto('templates')
        .values({
          owner_id: input.ownerId,
          name: input.name,
          current_version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('template_versions')
        .values({
          template_id: id,
          version: 1,
          definition: input.definition,
          created_by: input.ownerId,
          created_at: now,
        })
        .execute();
      return id;
    });
  }

  /** Appends a version; `expectedVersion` guards against two editors racing. */
  addVersion(input: {
    id: number;
    expectedVersion: number;
    name: string;
    definition: string;
    userId: number;
  }) {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const version = input.expectedVersion + 1;
      const updated = await trx
        .updateTable('templates')
        .set({ current_version: version, name: input.name, updated_at: now })
        .where('id', '=', input.id)
        .where('current_version', '=', input.expectedVersion)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await trx
        .insertInto('template_versions')
        .values({
          template_id: input.id,
          version,
          definition: input.definition,
          created_by: input.userId,
          created_at: now,
        })
        .execute();
      return true;
    });
  }
}
