// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const id = 'integer';
  // SQLite's rowid alias versus a PostgreSQL identity column.
  const idColumn = (col: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? col.primaryKey().autoIncrement()
      : col.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('users')
    .addColumn('id', id, idColumn)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expertise', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, idColumn)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('templates')
    .addColumn('id', id, idColumn)
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_owner').on('templates').column('owner_id').execute();
  await db.schema
    .createTable('template_versions')
    .addColumn('template_id', 'integer', (c) =>
      c.notNull().references('templates.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_versions_pk', ['template_id', 'version'])
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', id, idColumn)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('frames', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('modality', 'text')
    .addColumn('mode', 'text')
    .addColumn('body_part', 'text')
    .addColumn('study_uid', 'text')
    .addColumn('series_uid', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('images_url').on('images').column('url').execute();
  for (const column of ['modality', 'mode', 'body_part', 'study_uid', 'series_uid']) {
    await db.schema.createIndex(`images_${column}`).on('images').columns([column, 'id']).execute();
  }

  await db.schema
    .createTable('collections')
    .addColumn('id', id, idColumn)
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('template_id', 'integer', (c) => c.notNull().references('templates.id'))
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('readers_per_image', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('annotators_see_all', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('image_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_owner').on('collections').column('owner_id').execute();

  await db.schema
    .createTable('collection_images')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('image_id', 'integer', (c) =>
      c.notNull().references('images.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('started_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('collection_images_pk', ['collection_id', 'image_id'])
    .execute();
  await db.schema
    .createIndex('collection_images_position')
    .on('collection_images')
    .columns(['collection_id', 'position'])
    .unique()
    .execute();
  await db.schema
    .createIndex('collection_images_queue')
    .on('collection_images')
    .columns(['collection_id', 'open', 'position'])
    .execute();
  await db.schema
    .createIndex('collection_images_image')
    .on('collection_images')
    .column('image_id')
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignments_pk', ['collection_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('assignments_user')
    .on('assignments')
    .columns(['user_id', 'collection_id'])
    .execute();

  await db.schema
    .createTable('annotations')
    .addColumn('id', id, idColumn)
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('image_id', 'integer', (c) =>
      c.notNull().references('images.id').onDelete('cascade'),
    )
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('annotator_id', 'integer', (c) => c.references('users.id'))
    .addColumn('model', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('template_id', 'integer', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('time_spent_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annotations_author')
    .on('annotations')
    .columns(['collection_id', 'image_id', 'author_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('annotations_annotator')
    .on('annotations')
    .columns(['annotator_id', 'collection_id', 'status', 'image_id'])
    .execute();
  await db.schema
    .createIndex('annotations_collection')
    .on('annotations')
    .columns(['collection_id', 'id'])
    .execute();
  await db.schema
    .createIndex('annotations_image')
    .on('annotations')
    .columns(['image_id', 'id'])
    .execute();

  await db.schema
    .createTable('annotation_events')
    .addColumn('id', id, idColumn)
    .addColumn('annotation_id', 'integer', (c) =>
      c.notNull().references('annotations.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annotation_events_annotation')
    .on('annotation_events')
    .columns(['annotation_id', 'id'])
    .execute();

  await db.schema
    .createTable('annotation_labels')
    .addColumn('annotation_id', 'integer', (c) =>
      c.notNull().references('annotations.id').onDelete('cascade'),
    )
    .addColumn('collection_id', 'integer', (c) => c.notNull())
    .addColumn('image_id', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annotation_labels_label')
    .on('annotation_labels')
    .columns(['label', 'image_id'])
    .execute();
  await db.schema
    .createIndex('annotation_labels_annotation')
    .on('annotation_labels')
    .column('annotation_id')
    .execute();
}
