import type { Kysely } from 'kysely';
import type { AssignmentsTable, DB } from '../db/tables.js';

export type AssignmentKind = AssignmentsTable['kind'];

export class AssignmentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async kindOf(collectionId: number, userId: number): Promise<AssignmentKind | undefined> {
    const row = await this.db
      .selectFrom('assignments')
      .select('kind')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.kind;
  }

  list(collectionId: number) {
    return this.db
      .selectFrom('assignments')
      .innerJoin('users', 'users.id', 'assignments.user_id')
      .select([
        'assignments.user_id',
        'assignments.kind',
        'assignments.created_at',
        'users.email',
        'users.name',
      ])
      .where('assignments.collection_id', '=', collectionId)
      .orderBy('assignments.user_id')
      .execute();
  }

  async upsert(collectionId: number, userId: number, kind: AssignmentKind) {
    await this.db
      .insertInto('assignments')
      .values({
        collection_id: collectionId,
        user_id: userId,
        kind,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['collection_id', 'user_id']).doUpdateSet({ kind }))
      .execute();
  }

  /** The collections a user holds a review assignment in. */
  async reviewedBy(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('assignments')
      .select('collection_id')
      .where('user_id', '=', userId)
      .where('kind', '=', 'review')
      .orderBy('collection_id')
      .execute();
    return rows.map((r) => r.collection_id);
  }

  async delete(collectionId: number, userId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('assignments')
      .where('collection_id', '=', collectionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Active annotators with their expertise and how many collections they already annotate. */
  annotatorsWithLoad() {
    return this.db
      .selectFrom('users')
      .leftJoin('assignments', (join) =>
        join.onRef('assignments.user_id', '=', 'users.id').on('assignments.kind', '=', 'annotate'),
      )
      .select((eb) => [
        'users.id',
        'users.name',
        'users.email',
        'users.expertise',
        eb.fn.count<number>('assignments.collection_id').as('load'),
      ])
      .where('users.role', '=', 'annotator')
      .where('users.active', '=', 1)
      .groupBy(['users.id', 'users.name', 'users.email', 'users.expertise'])
      .execute();
  }
}
