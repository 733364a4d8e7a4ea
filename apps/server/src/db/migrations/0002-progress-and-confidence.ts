// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // Images done by the wanted number of readers, kept by annotation saves.
  await db.schema
    .alterTable('collections')
    .addColumn('done_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update collections set done_count = (
      select count(*) from collection_images ci
      where ci.collection_id = collections.id and ci.submitted_count >= collections.readers_per_image)`.execute(
    db,
  );
  // A model's confidence in its annotation (0..1); null for people.
  await db.schema
    .alterTable('annotations')
    .addColumn('confidence', dialect === 'sqlite' ? 'real' : 'double precision')
    .execute();
}
