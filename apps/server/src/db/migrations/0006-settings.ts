// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Installation-wide values that every server process must share (the DICOM de-identification
  // secret): written once by whichever process comes first, read by all.
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
