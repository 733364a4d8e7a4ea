// Deleting an image source: admins only, and never while images stay on it (their pixels are
// read from it), on both databases. No DICOMweb server is needed: nothing is fetched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImagesRepository } from '../src/images/images.repository.js';
import { createTestApp, expectProblem, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';

for (const dialect of DIALECTS) {
  describe(`deleting image sources (${dialect})`, () => {
    let t: TestApp;
    let admin: Caller;
    let researcher: Caller;
    let adminId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      adminId = await t.user('admin@example.org', 'admin');
      await t.user('res@example.org', 'researcher');
      admin = await t.login('admin@example.org');
      researcher = await t.login('res@example.org');
    });
    afterAll(() => t.close());

    const register = async (name: string) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/sources',
        headers: admin,
        payload: { name, baseUrl: 'http://127.0.0.1:9/dicom-web' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: number }>().id;
    };
    const remove = (id: number, caller: Caller) =>
      t.app.inject({ method: 'DELETE', url: `/api/sources/${id}`, headers: caller });
    const names = async () =>
      (await t.app.inject({ url: '/api/sources', headers: admin }))
        .json<{ name: string }[]>()
        .map((s) => s.name);

    it('deletes a source no image refers to (admins only), then answers 404', async () => {
      const id = await register('Unused PACS');
      expectProblem(await remove(id, researcher), 403);
      const deleted = await remove(id, admin);
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect(await names()).not.toContain('Unused PACS');
      expectProblem(await remove(id, admin), 404);
      // Its name is free again.
      await register('Unused PACS');
    });

    it('keeps a source while images stay on it (409 with their number)', async () => {
      const id = await register('Used PACS');
      const images = new ImagesRepository(t.database.db);
      const [imageId] = await images.insertMany(
        ['1.2.3.4', '1.2.3.5'].map((uid) => ({
          url: `/api/sources/${id}/instances/${uid}`,
          width: 8,
          height: 8,
          metadata: '{"source":"dicomweb"}',
          created_by: adminId,
          created_at: new Date().toISOString(),
          source_id: id,
          study_uid: '1.2.3',
          series_uid: '1.2.3.1',
          instance_uid: uid,
        })),
      );
      const refused = await remove(id, admin);
      expectProblem(refused, 409);
      expect(refused.json<{ detail: string }>().detail).toMatch(
        /^2 image\(s\) stay on this source/,
      );
      expect(await names()).toContain('Used PACS');
      // The images still find their source.
      expect((await images.findById(imageId!))?.source_id).toBe(id);
    });
  });
}
