import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';

/** Every table the seed fills, parents before children (foreign keys hold at each insert). */
const TABLES = [
  'users',
  'templates',
  'template_versions',
  'images',
  'image_metadata',
  'collections',
  'assignments',
  'collection_images',
  'annotations',
  'annotation_events',
  'annotation_labels',
] as const;
const BATCH = 5000;

/**
 * Copies the seeded SQLite database into an empty PostgreSQL database: the server's migrations
 * first (the two schemas are the same columns of text and integers), then each table in batches
 * of rows sent as one JSON document that `json_populate_recordset` spreads over the table's
 * columns, ids included; the identity sequences then continue after the copied ids.
 */
export async function copyToPostgres(
  sqliteFile: string,
  url: string,
  log: (line: string) => void,
): Promise<void> {
  await (await openDatabase({ url })).close();
  const source = new SQLite(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of TABLES) {
      const started = Date.now();
      let rows = 0;
      let batch: unknown[] = [];
      const flush = async () => {
        await client.query(
          `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`,
          [JSON.stringify(batch)],
        );
        rows += batch.length;
        batch = [];
      };
      for (const row of source.prepare(`select * from ${table}`).iterate()) {
        batch.push(row);
        if (batch.length === BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      const { rows: idColumn } = await client.query(
        `select 1 from information_schema.columns where table_name = $1 and column_name = 'id'`,
        [table],
      );
      if (idColumn.length > 0 && rows > 0) {
        await client.query(
          `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
        );
      }
      log(`  ${table}: ${rows} rows in ${Date.now() - started} ms`);
    }
    const started = Date.now();
    await client.query('analyze');
    log(`  analyze: ${Date.now() - started} ms`);
  } finally {
    await client.end();
    source.close();
  }
}
