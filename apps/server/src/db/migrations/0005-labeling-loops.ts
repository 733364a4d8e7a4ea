// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const id = 'integer';
  // SQLite's rowid alias versus a PostgreSQL identity column.
  const idColumn = (col: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? col.primaryKey().autoIncrement()
      : col.primaryKey().generatedByDefaultAsIdentity();

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
  await db.schema.createIndex('loops_collection').on('loops').column('collection_id').execute();
  // The fixed validation set V of a loop.
  await db.schema
    .createTable('loop_images')
    .addColumn('loop_id', 'integer', (c) => c.notNull().references('loops.id').onDelete('cascade'))
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
    .addColumn('loop_id', 'integer', (c) => c.notNull().references('loops.id').onDelete('cascade'))
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
    .addColumn('loop_id', 'integer', (c) => c.notNull().references('loops.id').onDelete('cascade'))
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
    .addColumn('loop_id', 'integer', (c) => c.notNull().references('loops.id').onDelete('cascade'))
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
}
