import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DB } from './tables.js';
import { prepareSqliteFile } from './private-files.js';
import { migrations } from './migrations/index.js';
import { walSync } from './group-commit.js';

export type DialectName = 'sqlite' | 'postgres';

/** The query layer plus which SQL dialect sits under it. */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /**
   * Resolves once every commit made so far is on disk as `synchronous` promises: a write is
   * acknowledged only after this (PostgreSQL, and SQLite `normal`, resolve at once).
   */
  durable(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://...` for PostgreSQL; anything else is ignored in favour of `sqliteFile`. */
  url?: string | undefined;
  /** SQLite file, or `:memory:`. */
  sqliteFile?: string;
  /**
   * SQLite durability. `full` (default): every acknowledged write survives a killed process, an
   * OS crash and a power cut: commits write the log without fsync (`synchronous = NORMAL`) and
   * `durable()` fsyncs it on the thread pool, one fsync shared by every commit since the last
   * (in the commit, SQLite's own FULL held the event loop about 5 ms a commit here).
   * `normal`: a commit survives a killed process, but a power cut or OS crash may lose the last
   * commits.
   */
  synchronous?: SqliteSynchronous;
}

export type SqliteSynchronous = 'normal' | 'full';

// PostgreSQL returns bigint (count(*), sum) as strings; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function openSqlite(file: string): Kysely<DB> {
  if (file !== ':memory:') prepareSqliteFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // Durability comes from `durable()` (see DatabaseOptions.synchronous).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: keepStatements(sqlite) }) });
}

/** Prepared statements kept, by SQL text, for this many distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 as Kysely sees it, with prepared statements kept by SQL text (least recently used
 * ones dropped): Kysely prepares every query anew, which took an eighth of the server's time
 * under load. Kysely runs one query at a time on the connection (a stream holds it until done),
 * so a kept statement is never in use twice.
 */
function keepStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const statement = kept.get(text) ?? sqlite.prepare(text);
      // Re-inserted, so the map's order is least recently used first.
      kept.delete(text);
      kept.set(text, statement);
      if (kept.size > STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

function openPostgres(url: string): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const dialect: DialectName = options.url?.startsWith('postgres') ? 'postgres' : 'sqlite';
  const sqliteFile = options.sqliteFile ?? ':memory:';
  const db = dialect === 'postgres' ? openPostgres(options.url!) : openSqlite(sqliteFile);
  const syncsLog =
    dialect === 'sqlite' && sqliteFile !== ':memory:' && options.synchronous !== 'normal';
  const log = syncsLog ? walSync(sqliteFile) : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  }
  // Fresh statistics let SQLite's planner pick the selective index (cheap: it samples).
  if (dialect === 'sqlite') {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`pragma optimize = 0x10002`.execute(db);
  }
  return {
    db,
    dialect,
    durable: () => log?.flush() ?? Promise.resolve(),
    close: () => db.destroy(),
  };
}
