// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The reviewer role replaces "an annotator with a review assignment": such annotators become
  // reviewers, who keep every assignment they had (reviewers may annotate too).
  await sql`
    update users set role = 'reviewer'
    where role = 'annotator'
      and id in (select user_id from assignments where kind = 'review')
  `.execute(db);
}
