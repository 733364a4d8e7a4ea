import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './database.js';
import type { DB } from './tables.js';
import { insertImageMetadata } from '../images/images.repository.js';

/**
 * Schema migrations, in code, applied at start. Keyed by a sortable name; never edit one that
 * has shipped: add the next.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  const id = 'integer';
  // SQLite's rowid alias versus a PostgreSQL identity column.
  const idColumn = (col: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? col.primaryKey().autoIncrement()
      : col.primaryKey().generatedByDefaultAsIdentity();

  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
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
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('api_tokens')
          .addColumn('id', id, idColumn)
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
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
          await db.schema
            .createIndex(`images_${column}`)
            .on('images')
            .columns([column, 'id'])
            .execute();
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
        await db.schema
          .createIndex('collections_owner')
          .on('collections')
          .column('owner_id')
          .execute();

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
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
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
      },
    },
    '0002-progress-and-confidence': {
      async up(db: Kysely<unknown>) {
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
      },
    },
    '0003-search-and-queue': {
      async up(db: Kysely<unknown>) {
        // The annotation's status beside each of its labels: `label:X status:Y` walks one index
        // range in annotation order, however few annotations match.
        await db.schema
          .alterTable('annotation_labels')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
          .execute();
        await sql`update annotation_labels set status = (
          select a.status from annotations a where a.id = annotation_labels.annotation_id)`.execute(
          db,
        );
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
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('queue_cursors_pk', ['collection_id', 'user_id'])
          .execute();
      },
    },
    '0004-image-metadata': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('image_metadata')
          .addColumn('image_id', 'integer', (c) =>
            c.notNull().references('images.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('number', dialect === 'sqlite' ? 'real' : 'double precision')
          .execute();
        await db.schema
          .createIndex('image_metadata_key_value')
          .on('image_metadata')
          .columns(['key', 'value', 'image_id'])
          .execute();
        await db.schema
          .createIndex('image_metadata_key_number')
          .on('image_metadata')
          .columns(['key', 'number', 'image_id'])
          .execute();
        await db.schema
          .createIndex('image_metadata_image')
          .on('image_metadata')
          .column('image_id')
          .execute();
        // Backfill in id order, a batch at a time, with the same flattening as every insert
        // (one definition in TypeScript rather than two dialects' JSON functions).
        const typed = db as Kysely<DB>;
        for (let afterId = 0; ;) {
          const rows = await typed
            .selectFrom('images')
            .select(['id', 'metadata'])
            .where('id', '>', afterId)
            .orderBy('id')
            .limit(1000)
            .execute();
          if (rows.length === 0) break;
          await insertImageMetadata(typed, rows);
          afterId = rows[rows.length - 1]!.id;
        }
      },
    },
    '0005-labeling-loops': {
      async up(db: Kysely<unknown>) {
        const real = dialect === 'sqlite' ? 'real' : 'double precision';
        // A labeling loop over a collection whose template has image labels.
        await db.schema
          .createTable('loops')
          .addColumn('id', id, idColumn)
          .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('collection_id', 'integer', (c) =>
            c.notNull().references('collections.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('classifier', 'text', (c) => c.notNull())
          .addColumn('config', 'text', (c) => c.notNull())
          .addColumn('class_names', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('loops_collection')
          .on('loops')
          .column('collection_id')
          .execute();
        // The fixed validation set V of a loop.
        await db.schema
          .createTable('loop_images')
          .addColumn('loop_id', 'integer', (c) =>
            c.notNull().references('loops.id').onDelete('cascade'),
          )
          .addColumn('image_id', 'integer', (c) =>
            c.notNull().references('images.id').onDelete('cascade'),
          )
          .addColumn('label', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('loop_images_pk', ['loop_id', 'image_id'])
          .execute();
        // Durable background jobs: claimed under a lease that the worker's heartbeat extends.
        await db.schema
          .createTable('jobs')
          .addColumn('id', id, idColumn)
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('loop_id', 'integer', (c) => c.references('loops.id').onDelete('cascade'))
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('dedupe_key', 'text', (c) => c.unique())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('max_attempts', 'integer', (c) => c.notNull())
          .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('result', 'text')
          .addColumn('error', 'text')
          .addColumn('worker', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_by', 'integer', (c) => c.references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'id']).execute();
        await db.schema.createIndex('jobs_loop').on('jobs').columns(['loop_id', 'id']).execute();
        // One job per loop at a time, whichever process asks.
        await sql`create unique index jobs_one_active_per_loop on jobs (loop_id)
          where state in ('queued', 'running')`.execute(db);
        // Every model version a loop trained, with what it was trained on and how it scored.
        await db.schema
          .createTable('models')
          .addColumn('id', id, idColumn)
          .addColumn('loop_id', 'integer', (c) =>
            c.notNull().references('loops.id').onDelete('cascade'),
          )
          .addColumn('round', 'integer', (c) => c.notNull())
          .addColumn('algorithm', 'text', (c) => c.notNull())
          .addColumn('hyper_parameters', 'text', (c) => c.notNull())
          .addColumn('training_set', 'text', (c) => c.notNull())
          .addColumn('metrics', 'text', (c) => c.notNull())
          .addColumn('calibration', 'text', (c) => c.notNull())
          .addColumn('artifact_hash', 'text', (c) => c.notNull())
          .addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('set null'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('models_loop_round', ['loop_id', 'round'])
          .execute();
        // A model's prediction of an image of a batch; an image is batched once per loop.
        await db.schema
          .createTable('predictions')
          .addColumn('id', id, idColumn)
          .addColumn('loop_id', 'integer', (c) =>
            c.notNull().references('loops.id').onDelete('cascade'),
          )
          .addColumn('round', 'integer', (c) => c.notNull())
          .addColumn('model_id', 'integer', (c) =>
            c.notNull().references('models.id').onDelete('cascade'),
          )
          .addColumn('image_id', 'integer', (c) =>
            c.notNull().references('images.id').onDelete('cascade'),
          )
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('probabilities', 'text', (c) => c.notNull())
          .addColumn('confidence', real, (c) => c.notNull())
          .addColumn('routing', 'text', (c) => c.notNull())
          .addColumn('in_baseline', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('threshold', real)
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('predictions_loop_image', ['loop_id', 'image_id'])
          .execute();
        await db.schema
          .createIndex('predictions_loop_round')
          .on('predictions')
          .columns(['loop_id', 'round', 'routing'])
          .execute();
        // The review collections of a round, one per predicted label.
        await db.schema
          .createTable('loop_collections')
          .addColumn('collection_id', 'integer', (c) =>
            c.primaryKey().references('collections.id').onDelete('cascade'),
          )
          .addColumn('loop_id', 'integer', (c) =>
            c.notNull().references('loops.id').onDelete('cascade'),
          )
          .addColumn('round', 'integer', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addUniqueConstraint('loop_collections_round_label', ['loop_id', 'round', 'label'])
          .execute();
        // Provenance of every label: manual, model, or a person confirming or correcting a model.
        await db.schema
          .alterTable('annotations')
          .addColumn('provenance', 'text', (c) => c.notNull().defaultTo('manual'))
          .execute();
        await db.schema
          .alterTable('annotations')
          .addColumn('prediction_id', 'integer', (c) =>
            c.references('predictions.id').onDelete('set null'),
          )
          .execute();
        await sql`update annotations set provenance = 'model' where source = 'model'`.execute(db);
        await db.schema
          .createIndex('annotations_prediction')
          .on('annotations')
          .column('prediction_id')
          .execute();
      },
    },
  };
}
