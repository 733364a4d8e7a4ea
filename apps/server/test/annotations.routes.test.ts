import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  exampleDefinition,
  expectProblem,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';

for (const dialect of DIALECTS) {
  describe(`annotation workflow (${dialect})`, () => {
    let t: TestApp;
    let researcher: Caller;
    let annotator: Caller;
    let collectionId: number;
    let imageIds: number[];

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      await t.user('res@example.org', 'researcher');
      const annotatorId = await t.user('ann@example.org', 'annotator');
      researcher = await t.login('res@example.org');
      annotator = await t.login('ann@example.org');
      const template = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: researcher,
        payload: { definition: exampleDefinition() },
      });
      expect(template.statusCode, template.body).toBe(201);
      const images = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: researcher,
        payload: {
          images: [1, 2, 3].map((i) => ({
            url: `https://images.example.org/${i}.png`,
            width: 100,
            height: 80,
            modality: 'US',
          })),
        },
      });
      expect(images.statusCode, images.body).toBe(201);
      imageIds = images.json<{ ids: number[] }>().ids;
      const collection = await t.app.inject({
        method: 'POST',
        url: '/api/collections',
        headers: researcher,
        payload: {
          name: 'Echo',
          templateId: template.json<{ id: number }>().id,
          readersPerImage: 1,
          imageIds,
        },
      });
      expect(collection.statusCode, collection.body).toBe(201);
      collectionId = collection.json<{ id: number }>().id;
      const assigned = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/assignments/${annotatorId}`,
        headers: researcher,
        payload: { kind: 'annotate' },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
    });
    afterAll(() => t.close());

    const payload = { labels: ['CW Doppler'], shapes: [], values: { quality: 4 } };

    it('hands out images, saves with optimistic concurrency and keeps history', async () => {
      const next = await t.app.inject({
        url: `/api/collections/${collectionId}/next`,
        headers: annotator,
      });
      expect(next.json<{ image: { id: number } }>().image.id).toBe(imageIds[0]);
      const url = `/api/collections/${collectionId}/images/${imageIds[0]}/annotation`;

      const draft = await t.app.inject({
        method: 'PUT',
        url,
        headers: annotator,
        payload: { payload, status: 'draft' },
      });
      expect(draft.statusCode, draft.body).toBe(200);
      expect(draft.json()).toMatchObject({ version: 1, status: 'draft', source: 'human' });

      // The draft is handed out again until it is submitted.
      const again = await t.app.inject({
        url: `/api/collections/${collectionId}/next`,
        headers: annotator,
      });
      expect(again.json<{ image: { id: number } }>().image.id).toBe(imageIds[0]);

      const submitted = await t.app.inject({
        method: 'PUT',
        url,
        headers: annotator,
        payload: { payload, status: 'submitted', baseVersion: 1, timeSpentMs: 1500 },
      });
      expect(submitted.json()).toMatchObject({
        version: 2,
        status: 'submitted',
        timeSpentMs: 1500,
      });

      const stale = await t.app.inject({
        method: 'PUT',
        url,
        headers: annotator,
        payload: {
          payload: { ...payload, labels: ['B-mode'] },
          status: 'submitted',
          baseVersion: 1,
        },
      });
      expectProblem(stale, 409);
      const duplicateCreate = await t.app.inject({
        method: 'PUT',
        url,
        headers: annotator,
        payload: { payload, status: 'draft' },
      });
      expectProblem(duplicateCreate, 409);

      const id = submitted.json<{ id: number }>().id;
      const history = await t.app.inject({
        url: `/api/annotations/${id}/history`,
        headers: annotator,
      });
      expect(history.json<{ version: number }[]>().map((e) => e.version)).toEqual([1, 2]);

      const page = await t.app.inject({
        url: `/api/collections/${collectionId}/images?limit=2`,
        headers: researcher,
      });
      const body = page.json<{
        items: { status: string; position: number }[];
        next: number | null;
      }>();
      expect(body.items.map((i) => i.status)).toEqual(['done', 'todo']);
      expect(body.next).toBe(2);

      const following = await t.app.inject({
        url: `/api/collections/${collectionId}/next`,
        headers: annotator,
      });
      expect(following.json<{ image: { id: number } }>().image.id).toBe(imageIds[1]);
    });

    it('refuses a payload that does not fit the template with pointers', async () => {
      const response = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/images/${imageIds[1]}/annotation`,
        headers: annotator,
        payload: { payload: { labels: ['Nope'], shapes: [], values: {} }, status: 'submitted' },
      });
      expectProblem(response, 422);
      expect(response.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toMatch(
        /^\/body\/payload\/labels/,
      );
    });

    it('refuses state-changing cookie requests without the CSRF header', async () => {
      const response = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/images/${imageIds[1]}/annotation`,
        headers: { cookie: annotator.cookie! },
        payload: { payload, status: 'draft' },
      });
      expectProblem(response, 403);
    });
  });
}
