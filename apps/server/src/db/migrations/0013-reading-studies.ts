// Frozen: once shipped, never edit this migration; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  // A collection's reading-study settings: when readings disagree enough to adjudicate, and
  // how reference cases are mixed into the queues and judged.
  await db.schema
    .createTable('reading_studies')
    .addColumn('collection_id', 'integer', (c) =>
      c.primaryKey().references('collections.id').onDelete('cascade'),
    )
    .addColumn('min_dice', real, (c) => c.notNull())
    .addColumn('max_relative_difference', real, (c) => c.notNull())
    .addColumn('max_keypoint_mm', real, (c) => c.notNull())
    .addColumn('reference_case_rate', real, (c) => c.notNull().defaultTo(0))
    .addColumn('min_reference_accuracy', real)
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Senior readers the researcher names, besides the owner and admins.
  await db.schema
    .createTable('adjudicators')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('adjudicators_pk', ['collection_id', 'user_id'])
    .execute();
  // The reference standard of an image: an adjudicated decision or an expert's answer, with
  // its provenance (who, when, from which readings). A reference case is mixed into queues.
  await db.schema
    .createTable('reference_standards')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('image_id', 'integer', (c) =>
      c.notNull().references('images.id').onDelete('cascade'),
    )
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('from_annotation_ids', 'text', (c) => c.notNull())
    .addColumn('reference_case', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_standards_pk', ['collection_id', 'image_id'])
    .execute();
  // Readers paused in a collection (below the reference-case bar): the queue hands them nothing.
  await db.schema
    .createTable('paused_readers')
    .addColumn('collection_id', 'integer', (c) =>
      c.notNull().references('collections.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('paused_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paused_readers_pk', ['collection_id', 'user_id'])
    .execute();
}
