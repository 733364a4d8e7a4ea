import { Migrator, sql, type Kysely } from 'kysely';
import type { DialectName } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { DB } from '../../src/db/tables.js';

/**
 * Forgets that migration `name` ran (after the test undid its schema changes), so that
 * migrateAgain runs it once more over rows the test stored the old way.
 */
export async function forgetMigration(db: Kysely<DB>, name: string): Promise<void> {
  await sql`delete from kysely_migration where name = ${name}`.execute(db);
}

/** Runs the migrations not recorded as run; later ones stay applied. */
export async function migrateAgain(db: Kysely<DB>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('a migration failed', { cause: error });
}

/** A researcher stored directly, for rows that need a creator below the services. */
export async function insertResearcher(db: Kysely<DB>): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: 'r@example.org',
      name: 'R',
      password_hash: 'x',
      role: 'researcher',
      active: 1,
      expertise: '[]',
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
