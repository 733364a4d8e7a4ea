import type { Kysely } from 'kysely';
import type { DB, NewImageRow } from '../db/tables.js';
import { metadataEntries } from './image-metadata.js';
import { chunks } from '../db/chunks.js';
import { isUniqueViolation } from '../db/errors.js';
import { seesEveryImage, visibleImage, type Viewer } from '../access/access.repository.js';

/** Stored metadata is JSON we wrote; a row damaged by hand indexes nothing rather than failing. */
function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Indexes the metadata of stored images (their JSON text) into `image_metadata`. Shared by the
 * insert path and the migration that backfills images imported before the index existed.
 */
export async function insertImageMetadata(
  db: Kysely<DB>,
  images: readonly { id: number; metadata: string }[],
): Promise<void> {
  const rows = images.flatMap((image) =>
    metadataEntries(parseObject(image.metadata)).map((entry) => ({
      image_id: image.id,
      ...entry,
    })),
  );
  // 4 parameters a row: well under SQLite's and PostgreSQL's limits per statement.
  for (const chunk of chunks(rows, 1000)) {
    await db.insertInto('image_metadata').values(chunk).execute();
  }
}

export class ImagesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: number) {
    return this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The DICOM upload of this (de-identified) SOP Instance UID. */
  async findUpload(instanceUid: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('images')
      .select('id')
      .where('source_id', 'is', null)
      .where('instance_uid', '=', instanceUid)
      .executeTakeFirst();
    return row?.id;
  }

  /**
   * Inserts an upload, or, when another upload of its SOP Instance UID got in first (the unique
   * index images_upload_instance), answers that image's id.
   */
  async insertUpload(row: NewImageRow): Promise<{ id: number } | { duplicateOf: number }> {
    try {
      const [id] = await this.insertMany([row]);
      return { id: id! };
    } catch (error) {
      const existing =
        isUniqueViolation(error) && row.instance_uid
          ? await this.findUpload(row.instance_uid)
          : undefined;
      if (existing === undefined) throw error;
      return { duplicateOf: existing };
    }
  }

  findByUrl(url: string) {
    return this.db
      .selectFrom('images')
      .select(['id', 'frames', 'url', 'source_id', 'study_uid', 'series_uid', 'instance_uid'])
      .where('url', '=', url)
      .execute();
  }

  list(options: { afterId: number; limit: number }) {
    return this.db
      .selectFrom('images')
      .selectAll()
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit)
      .execute();
  }

  /** Inserts in one transaction and returns the new ids in input order. */
  insertMany(rows: NewImageRow[]) {
    return this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const chunk of chunks(rows, 500)) {
        const inserted = await trx.insertInto('images').values(chunk).returning('id').execute();
        ids.push(...inserted.map((r) => r.id));
      }
      await insertImageMetadata(
        trx,
        rows.map((row, i) => ({ id: ids[i]!, metadata: row.metadata })),
      );
      return ids;
    });
  }

  async countExisting(ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const row = await this.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** May the viewer see any of these images (the access module's rule)? */
  async anyVisible(imageIds: number[], viewer: Viewer): Promise<boolean> {
    if (imageIds.length === 0) return false;
    // The ids come from rows just read: nothing to ask for those who see every image.
    if (seesEveryImage(viewer)) return true;
    const row = await this.db
      .selectFrom('images')
      .select('images.id')
      .where('images.id', 'in', imageIds)
      .where((eb) => visibleImage(eb, viewer))
      .executeTakeFirst();
    return row !== undefined;
  }
}
