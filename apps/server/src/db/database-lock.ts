import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.js';

/** Work already holding or waiting for each lock in this process, by database and lock name. */
const queues = new WeakMap<Database, Map<string, Promise<unknown>>>();

/** PostgreSQL advisory locks are keyed by a bigint: the first 8 bytes of the name's SHA-256. */
function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE().toString();
}

/** Runs `work` after every earlier call for the same database and name in this process. */
function inProcessQueue<T>(database: Database, name: string, work: () => Promise<T>): Promise<T> {
  const byName = queues.get(database) ?? new Map<string, Promise<unknown>>();
  queues.set(database, byName);
  const previous = byName.get(name) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  byName.set(name, settled);
  void settled.then(() => {
    if (byName.get(name) === settled) byName.delete(name);
  });
  return run;
}

/**
 * Runs `work` while no other holder of the lock `name` on this database runs, in this process or
 * in another one: for start-up work (seeding) that two processes starting at once must not both
 * do. On PostgreSQL a session advisory lock is held on one pooled connection; the database
 * releases it if the process dies. On SQLite one process owns the database file, so the
 * in-process queue is the lock.
 */
export function withDatabaseLock<T>(
  database: Database,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (database.dialect !== 'postgres') return inProcessQueue(database, name, work);
  const key = advisoryKey(name);
  return inProcessQueue(database, name, () =>
    database.db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${key}::bigint)`.execute(connection);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${key}::bigint)`.execute(connection);
      }
    }),
  );
}
