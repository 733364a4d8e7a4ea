// Frozen: once shipped, never edit this migration; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The client's key of each annotation save, kept on the history event the save wrote: a save
  // retried after its response was lost finds the event and answers it again instead of a 409.
  // Keys are unique per actor, so nobody can replay (or block) another person's key.
  await db.schema.alterTable('annotation_events').addColumn('idempotency_key', 'text').execute();
  await db.schema
    .createIndex('annotation_events_idempotency_key')
    .on('annotation_events')
    .columns(['actor_id', 'idempotency_key'])
    .unique()
    .execute();
}
