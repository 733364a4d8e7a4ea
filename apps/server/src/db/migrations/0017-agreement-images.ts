// Frozen: once shipped, never edit this migration; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Each image's readings of a reading study reduced to what its agreement needs (JSON) and its
  // consensus contours (JSON, apart: only the export reads them), with the fingerprint of the
  // readings, template and spacing they were computed from: a study's agreement recomputes only
  // the images whose fingerprint changed.
  await db.schema
    .createTable('agreement_images')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('image_id', 'integer', (c) =>
      c.notNull().references('images.id').onDelete('cascade'),
    )
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('outlines', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agreement_images_pk', ['collection_id', 'image_id'])
    .execute();
}
