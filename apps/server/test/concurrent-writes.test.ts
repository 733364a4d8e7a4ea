// Read-then-write races that SQLite's single writer hides: the same writes at once, on both
// dialects (on PostgreSQL each request gets its own pooled connection, so they interleave).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionsRepository } from '../src/collections/collections.repository.js';
import { createTestApp, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

for (const dialect of DIALECTS) {
  describe(`concurrent writes (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 1);
    });
    afterAll(() => t.close());

    async function importImages(count: number, modality: string): Promise<number[]> {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: w.researcher,
        payload: {
          images: Array.from({ length: count }, (_, i) => ({
            url: `https://images.example.org/${modality}-${i}.png`,
            width: 10,
            height: 10,
            modality,
          })),
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ ids: number[] }>().ids;
    }

    async function positions(collectionId: number): Promise<number[]> {
      const rows = await t.database.db
        .selectFrom('collection_images')
        .select('position')
        .where('collection_id', '=', collectionId)
        .orderBy('position')
        .execute();
      return rows.map((r) => r.position);
    }

    it('adds to one collection at once keep unique positions and a true count', async () => {
      const ids = await importImages(48, 'XA');
      // Eight requests of eight images each; neighbours overlap by two, so the same image is
      // also added twice at once and must be added once.
      const batches = Array.from({ length: 8 }, (_, i) => ids.slice(i * 6, i * 6 + 8));
      const replies = await Promise.all(
        batches.map((imageIds) =>
          t.app.inject({
            method: 'POST',
            url: `/api/collections/${w.collectionId}/images`,
            headers: w.researcher,
            payload: { imageIds },
          }),
        ),
      );
      expect(replies.map((r) => r.statusCode)).toEqual(replies.map(() => 200));
      const added = replies.reduce((sum, r) => sum + r.json<{ added: number }>().added, 0);
      expect(added).toBe(48);
      // The workspace's first image holds position 1.
      expect(await positions(w.collectionId)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
      const collection = await t.app.inject({
        url: `/api/collections/${w.collectionId}`,
        headers: w.researcher,
      });
      expect(collection.json()).toMatchObject({ imageCount: 49 });
    });

    it('collections from searches at once each get their images', async () => {
      await importImages(6, 'MG');
      const replies = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/collections/from-search',
            headers: w.researcher,
            payload: { name: `From search ${i}`, templateId: w.templateId, q: 'modality:MG' },
          }),
        ),
      );
      for (const reply of replies) {
        expect(reply.statusCode, reply.body).toBe(201);
        const { id, imageCount } = reply.json<{ id: number; imageCount: number }>();
        expect(imageCount).toBe(6);
        expect(await positions(id)).toEqual([1, 2, 3, 4, 5, 6]);
      }
    });

    it('creates a collection and its images in one transaction: a failed add leaves none', async () => {
      const collections = new CollectionsRepository(t.database.db, dialect);
      const before = await t.database.db.selectFrom('collections').select('id').execute();
      const row = {
        owner_id: w.researcherId,
        name: 'All or nothing',
        description: '',
        template_id: w.templateId,
        template_version: 1,
        readers_per_image: 1,
        annotators_see_all: 0,
        metadata: '{}',
        created_at: new Date().toISOString(),
      };
      // An image deleted after the service checked it: the foreign key refuses the add.
      await expect(collections.create(row, [w.imageIds[0]!, 987_654])).rejects.toThrow();
      expect(await t.database.db.selectFrom('collections').select('id').execute()).toEqual(before);
    });

    it('the first admin is created once when processes start at once', async () => {
      const email = 'first-admin@example.org';
      const results = await Promise.all(
        Array.from({ length: 4 }, () => t.app.services.users.ensureAdmin(email, undefined)),
      );
      // Exactly one start invented (and would print) the password; none failed.
      expect(results.filter((password) => password !== undefined)).toHaveLength(1);
      const admins = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .execute();
      expect(admins).toHaveLength(1);
      const password = results.find((p) => p !== undefined)!;
      expect(await t.login(email, password)).toHaveProperty('cookie');
    });
  });
}
