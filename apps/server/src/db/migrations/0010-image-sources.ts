// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // SQLite's rowid alias versus a PostgreSQL identity column.
  const idColumn = (col: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? col.primaryKey().autoIncrement()
      : col.primaryKey().generatedByDefaultAsIdentity();

  // Image servers an admin registered (DICOMweb: QIDO-RS, WADO-RS, STOW-RS under base_url).
  // authorization is the Authorization header sent to it, kept on the server only.
  await db.schema
    .createTable('image_sources')
    .addColumn('id', 'integer', idColumn)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('authorization', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // An image that stays on a registered source: which source, and its id there (the SOP
  // Instance UID). Uploads and URL imports leave both null.
  await db.schema
    .alterTable('images')
    .addColumn('source_id', 'integer', (c) => c.references('image_sources.id'))
    .execute();
  await db.schema.alterTable('images').addColumn('instance_uid', 'text').execute();
  await db.schema
    .createIndex('images_source_instance')
    .on('images')
    .columns(['source_id', 'instance_uid'])
    .unique()
    .execute();
}
