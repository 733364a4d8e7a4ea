// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does: the metadata
// flattening below is a copy of images/image-metadata.ts as it was when 0004 shipped.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** The tables this migration reads and writes, as they were then. */
interface Tables {
  images: { id: number; metadata: string };
  image_metadata: { image_id: number; key: string; value: string; number: number | null };
}

const META_KEY = /^[A-Za-z0-9_.-]+$/;
const META_KEY_MAX_LENGTH = 128;
const META_VALUE_MAX_LENGTH = 500;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

interface MetadataEntry {
  key: string;
  value: string;
  number: number | null;
}

function isSearchNumber(value: string): boolean {
  return NUMBER.test(value) && Number.isFinite(Number(value));
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** Stored metadata is JSON we wrote; a row damaged by hand indexes nothing rather than failing. */
function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Top-level keys, lower-cased; one entry per scalar (or scalar array element); duplicates once. */
function metadataEntries(metadata: unknown): MetadataEntry[] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [];
  const entries = new Map<string, MetadataEntry>();
  for (const [rawKey, raw] of Object.entries(metadata)) {
    const key = rawKey.toLowerCase();
    if (!META_KEY.test(key) || key.length > META_KEY_MAX_LENGTH) continue;
    for (const element of Array.isArray(raw) ? raw : [raw]) {
      const value = scalarText(element);
      if (value === null || value.length > META_VALUE_MAX_LENGTH) continue;
      const number = isSearchNumber(value.trim()) ? Number(value) : null;
      entries.set(JSON.stringify([key, value]), { key, value, number });
    }
  }
  return [...entries.values()];
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
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
  // Backfill in id order, a batch at a time: 1000 images, then their entries 1000 rows (4
  // parameters each) to a statement, under SQLite's and PostgreSQL's parameter limits.
  const typed = db as Kysely<Tables>;
  for (let afterId = 0; ;) {
    const images = await typed
      .selectFrom('images')
      .select(['id', 'metadata'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (images.length === 0) break;
    const rows = images.flatMap((image) =>
      metadataEntries(parseObject(image.metadata)).map((entry) => ({
        image_id: image.id,
        ...entry,
      })),
    );
    for (let i = 0; i < rows.length; i += 1000) {
      await typed
        .insertInto('image_metadata')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
    afterId = images[images.length - 1]!.id;
  }
}
