// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Search matches body parts in any case (`upper(body_part) = 'HEAD'`): an index on that
  // expression keeps it an index lookup at 100k images.
  await sql`create index images_body_part_upper on images (upper(body_part), id)`.execute(db);
}
