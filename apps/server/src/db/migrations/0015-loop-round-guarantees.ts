// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // What each round's routing promised about the error of the labels it auto-accepted (the
  // adaptive strategy's certified bound, or why there was none), written with the predictions.
  await db.schema
    .createTable('loop_rounds')
    .addColumn('loop_id', 'integer', (c) => c.notNull().references('loops.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('guarantee', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('loop_rounds_pk', ['loop_id', 'round'])
    .execute();
}
