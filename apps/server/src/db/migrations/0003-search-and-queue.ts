// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The annotation's status beside each of its labels: `label:X status:Y` walks one index
  // range in annotation order, however few annotations match.
  await db.schema
    .alterTable('annotation_labels')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
    .execute();
  await sql`update annotation_labels set status = (
      select a.status from annotations a where a.id = annotation_labels.annotation_id)`.execute(db);
  await db.schema
    .createIndex('annotation_labels_label_annotation')
    .on('annotation_labels')
    .columns(['label', 'annotation_id'])
    .execute();
  await db.schema
    .createIndex('annotation_labels_label_status')
    .on('annotation_labels')
    .columns(['label', 'status', 'annotation_id'])
    .execute();
  // Where each annotator's work queue resumes: open images before it are done or its own.
  await db.schema
    .createTable('queue_cursors')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_cursors_pk', ['collection_id', 'user_id'])
    .execute();
}
