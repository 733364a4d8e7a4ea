import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

export class ReportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Images started and images with at least `readers` submitted annotations. */
  async progress(collectionId: number, readers: number) {
    const row = await this.db
      .selectFrom('collection_images')
      .select([
        sql<number>`sum(case when submitted_count >= ${readers} then 1 else 0 end)`.as('done'),
        sql<number>`sum(case when started_count > 0 then 1 else 0 end)`.as('started'),
      ])
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow();
    return { done: Number(row.done ?? 0), started: Number(row.started ?? 0) };
  }

  /** Per annotator: submitted and draft counts and the time spent, from human annotations. */
  perAnnotator(collectionId: number) {
    return this.db
      .selectFrom('annotations')
      .innerJoin('users', 'users.id', 'annotations.annotator_id')
      .select([
        'users.id',
        'users.email',
        'users.name',
        sql<number>`sum(case when annotations.status = 'submitted' then 1 else 0 end)`.as(
          'submitted',
        ),
        sql<number>`sum(case when annotations.status = 'draft' then 1 else 0 end)`.as('drafts'),
        sql<number>`sum(annotations.time_spent_ms)`.as('time_spent_ms'),
      ])
      .where('annotations.collection_id', '=', collectionId)
      .where('annotations.source', '=', 'human')
      .groupBy(['users.id', 'users.email', 'users.name'])
      .orderBy('users.id')
      .execute();
  }
}
