import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataEntries } from '../src/images/image-metadata.js';
import { createTestApp, expectProblem, type TestApp } from './support/app.js';
import { DIALECTS, openTestDatabase } from './support/database.js';
import { forgetMigration, insertResearcher, migrateAgain } from './support/migrations.js';
import { seedWorkspace } from './support/workspace.js';

describe('metadataEntries', () => {
  it('flattens top-level scalars and arrays of scalars, lower-cases keys, skips the rest', () => {
    expect(
      metadataEntries({
        Manufacturer: 'GE',
        age: 42,
        contrast: true,
        tags: ['a', 'b', 'a', { nested: 1 }],
        site: ' 7 ',
        nested: { x: 1 },
        none: null,
        'bad key': 'x',
        long: 'x'.repeat(501),
      }),
    ).toEqual([
      { key: 'manufacturer', value: 'GE', number: null },
      { key: 'age', value: '42', number: 42 },
      { key: 'contrast', value: 'true', number: null },
      { key: 'tags', value: 'a', number: null },
      { key: 'tags', value: 'b', number: null },
      { key: 'site', value: ' 7 ', number: 7 },
    ]);
    expect(metadataEntries(['not', 'an object'])).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`search on imported metadata (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;
    /** ge1 (in a collection of the annotator), ge2 and siemens (in none), plain (no metadata) */
    let ids: { ge1: number; ge2: number; siemens: number; plain: number };

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 1);
      const image = (name: string, metadata?: Record<string, unknown>) => ({
        url: `https://images.example.org/${name}.png`,
        width: 10,
        height: 10,
        ...(metadata && { metadata }),
      });
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: w.researcher,
        payload: {
          images: [
            image('ge1', { Manufacturer: 'GE', age: 42, tags: ['echo', 'adult'] }),
            image('ge2', { manufacturer: 'GE', age: '35', station: { room: 'A' } }),
            image('siemens', { manufacturer: 'Siemens', age: 70 }),
            image('plain'),
          ],
        },
      });
      expect(imported.statusCode, imported.body).toBe(201);
      const [ge1, ge2, siemens, plain] = imported.json<{ ids: number[] }>().ids as [
        number,
        number,
        number,
        number,
      ];
      ids = { ge1, ge2, siemens, plain };
      const collection = await t.app.inject({
        method: 'POST',
        url: '/api/collections',
        headers: w.researcher,
        payload: { name: 'GE only', templateId: w.templateId, readersPerImage: 1, imageIds: [ge1] },
      });
      expect(collection.statusCode, collection.body).toBe(201);
      const collectionId = collection.json<{ id: number }>().id;
      const assigned = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/assignments/${w.annotatorId}`,
        headers: w.researcher,
        payload: { kind: 'annotate' },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/images/${ge1}/annotation`,
        headers: w.annotator,
        payload: { payload: { labels: ['B-mode'], shapes: [], values: {} }, status: 'submitted' },
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });
    afterAll(() => t.close());

    const search = (q: string, headers = w.researcher) =>
      t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers });
    const found = async (q: string, headers = w.researcher) => {
      const reply = await search(q, headers);
      expect(reply.statusCode, reply.body).toBe(200);
      return reply.json<{ items: { id: number; imageId?: number }[] }>().items;
    };
    const imageIds = async (q: string, headers = w.researcher) =>
      (await found(q, headers)).map((i) => i.id);

    it('finds images by a metadata value, with case-insensitive keys and exact values', async () => {
      expect(await imageIds('meta.manufacturer:GE')).toEqual([ids.ge1, ids.ge2]);
      expect(await imageIds('META.Manufacturer:GE')).toEqual([ids.ge1, ids.ge2]);
      expect(await imageIds('meta.manufacturer:ge')).toEqual([]);
      expect(await imageIds('meta.tags:adult')).toEqual([ids.ge1]);
      expect(await imageIds('meta.manufacturer:GE meta.age:35')).toEqual([ids.ge2]);
    });

    it('negates, and an unknown key or a nested object finds nothing', async () => {
      const notGe = await imageIds('-meta.manufacturer:GE');
      expect(notGe).toEqual([w.imageIds[0], ids.siemens, ids.plain]);
      expect(await imageIds('meta.scanner:GE')).toEqual([]);
      expect(await imageIds('meta.station:A')).toEqual([]);
    });

    it('compares numeric values, stored as numbers or as numeric text', async () => {
      expect(await imageIds('meta.age:>=40')).toEqual([ids.ge1, ids.siemens]);
      expect(await imageIds('meta.age:<40')).toEqual([ids.ge2]);
      expect(await imageIds('-meta.age:>40')).toEqual([w.imageIds[0], ids.ge2, ids.plain]);
      const text = await search('meta.manufacturer:>GE');
      expectProblem(text, 400);
      expect(text.body).toContain('only against a number');
      expectProblem(await search('meta.age:<1e999'), 400);
    });

    it('finds annotations through their image', async () => {
      const annotations = await found('type:annotation meta.manufacturer:GE');
      expect(annotations.map((a) => a.imageId)).toEqual([ids.ge1]);
      expect(await found('type:annotation meta.manufacturer:Siemens')).toEqual([]);
    });

    it('keeps the annotator to the images of its assigned collections', async () => {
      expect(await imageIds('meta.manufacturer:GE', w.annotator)).toEqual([ids.ge1]);
      expect(await imageIds('meta.manufacturer:Siemens', w.annotator)).toEqual([]);
    });

    it('refuses meta terms on results without images', async () => {
      expectProblem(await search('type:user meta.manufacturer:GE'), 400);
      expectProblem(await search('type:collection meta.manufacturer:GE'), 400);
    });
  });

  describe(`image metadata migration (${dialect})`, () => {
    it('backfills the index from images stored before it existed', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const { db } = database;
        // Back to the schema before 0004, with images imported then.
        await db.schema.dropTable('image_metadata').execute();
        await forgetMigration(db, '0004-image-metadata');
        const now = new Date().toISOString();
        const userId = await insertResearcher(db);
        const old = (metadata: string) => ({
          url: 'https://images.example.org/old.png',
          width: 1,
          height: 1,
          metadata,
          created_by: userId,
          created_at: now,
        });
        const inserted = await db
          .insertInto('images')
          .values([
            old('{"Manufacturer":"GE","age":50}'),
            old('{}'),
            old('{"manufacturer":"Philips","ids":[1,2]}'),
          ])
          .returning('id')
          .execute();
        // Later migrations stay applied: only 0004 runs again.
        await migrateAgain(db, dialect);
        const rows = await db
          .selectFrom('image_metadata')
          .select(['image_id', 'key', 'value', 'number'])
          .orderBy('image_id')
          .orderBy('key')
          .orderBy('value')
          .execute();
        const [ge, , philips] = inserted.map((r) => r.id);
        expect(rows).toEqual([
          { image_id: ge, key: 'age', value: '50', number: 50 },
          { image_id: ge, key: 'manufacturer', value: 'GE', number: null },
          { image_id: philips, key: 'ids', value: '1', number: 1 },
          { image_id: philips, key: 'ids', value: '2', number: 2 },
          { image_id: philips, key: 'manufacturer', value: 'Philips', number: null },
        ]);
        // Deleting an image deletes its entries.
        await db.deleteFrom('images').where('id', '=', ge!).execute();
        const left = await db.selectFrom('image_metadata').select('image_id').execute();
        expect(new Set(left.map((r) => r.image_id))).toEqual(new Set([philips]));
      } finally {
        await database.close();
      }
    });
  });
}
