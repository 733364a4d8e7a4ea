// Migration 0016 on a database with DICOM uploads made before it: each instance's first upload
// takes its de-identified SOP Instance UID from the metadata index, and the unique index holds
// from then on (both databases).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../src/db/errors.js';
import { ImagesRepository, insertImageMetadata } from '../src/images/images.repository.js';
import { DIALECTS, openTestDatabase } from './support/database.js';
import { forgetMigration, insertResearcher, migrateAgain } from './support/migrations.js';

for (const dialect of DIALECTS) {
  describe(`migration 0016-upload-instance-unique (${dialect})`, () => {
    it('gives the first upload of each instance its UID and refuses another upload of it', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const { db } = database;
        // Back to the schema before 0016.
        await sql`drop index images_upload_instance`.execute(db);
        await forgetMigration(db, '0016-upload-instance-unique');
        const now = new Date().toISOString();
        const userId = await insertResearcher(db);
        const image = (url: string, sopInstanceUid?: string) => ({
          url,
          width: 1,
          height: 1,
          metadata: JSON.stringify(sopInstanceUid ? { source: 'dicom', sopInstanceUid } : {}),
          created_by: userId,
          created_at: now,
        });
        const file = (n: number) => `/api/files/${String(n).padStart(32, '0')}.png`;
        const rows = [
          image(file(1), '2.25.1'),
          image(file(2), '2.25.1'), // the same instance, uploaded twice before duplicates were found
          image(file(3), '2.25.2'),
          image(file(4)), // a PNG upload
          image('https://images.example.org/a.png', '2.25.3'), // a URL import naming a UID
        ];
        const ids = (await db.insertInto('images').values(rows).returning('id').execute()).map(
          (r) => r.id,
        );
        await insertImageMetadata(
          db,
          rows.map((row, i) => ({ id: ids[i]!, metadata: row.metadata })),
        );
        await migrateAgain(db, dialect);
        const after = await db
          .selectFrom('images')
          .select(['id', 'instance_uid'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
        expect(after.map((r) => r.instance_uid)).toEqual(['2.25.1', null, '2.25.2', null, null]);
        // From now on a second upload of an instance meets the unique index.
        const images = new ImagesRepository(db);
        expect(await images.findUpload('2.25.1')).toBe(ids[0]);
        const again = await images
          .insertMany([{ ...image(file(5), '2.25.2'), instance_uid: '2.25.2' }])
          .then(
            () => 'inserted',
            (thrown: unknown) => (isUniqueViolation(thrown) ? 'unique violation' : thrown),
          );
        expect(again).toBe('unique violation');
      } finally {
        await database.close();
      }
    });
  });
}
