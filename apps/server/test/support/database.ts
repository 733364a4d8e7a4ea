import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type DialectName } from '../../src/db/database.js';

/** Every repository and service test runs once per dialect. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** A fresh, migrated database: in-memory SQLite, or a new database on the test PostgreSQL server. */
export async function openTestDatabase(dialect: DialectName): Promise<Database> {
  if (dialect === 'sqlite') return openDatabase({ sqliteFile: ':memory:' });
  return openDatabase({ url: await createPostgresDatabase() });
}

/** Creates an empty database on the test PostgreSQL server and returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}
