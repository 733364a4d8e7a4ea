import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  exampleDefinition,
  expectProblem,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';

const READERS = 5;

for (const dialect of DIALECTS) {
  describe(`annotation saves that are retried or race (${dialect})`, () => {
    let t: TestApp;
    let researcher: Caller;
    let readers: Caller[];
    let collectionId: number;
    let imageIds: number[];

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      await t.user('res@example.org', 'researcher');
      researcher = await t.login('res@example.org');
      const readerIds: number[] = [];
      readers = [];
      for (let i = 0; i < READERS; i++) {
        readerIds.push(await t.user(`reader${i}@example.org`, 'annotator'));
        readers.push(await t.login(`reader${i}@example.org`));
      }
      const template = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: researcher,
        payload: { definition: exampleDefinition() },
      });
      const images = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: researcher,
        payload: {
          images: [1, 2, 3, 4, 5].map((i) => ({
            url: `https://images.example.org/${i}.png`,
            width: 100,
            height: 80,
            modality: 'US',
          })),
        },
      });
      imageIds = images.json<{ ids: number[] }>().ids;
      const collection = await t.app.inject({
        method: 'POST',
        url: '/api/collections',
        headers: researcher,
        payload: {
          name: 'Echo',
          templateId: template.json<{ id: number }>().id,
          readersPerImage: 2,
          imageIds,
        },
      });
      expect(collection.statusCode, collection.body).toBe(201);
      collectionId = collection.json<{ id: number }>().id;
      for (const userId of readerIds) {
        const assigned = await t.app.inject({
          method: 'PUT',
          url: `/api/collections/${collectionId}/assignments/${userId}`,
          headers: researcher,
          payload: { kind: 'annotate' },
        });
        expect(assigned.statusCode, assigned.body).toBe(200);
      }
    });
    afterAll(() => t.close());

    const payload = (label: string) => ({ labels: [label], shapes: [], values: { quality: 4 } });
    const save = (who: Caller, imageId: number, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/images/${imageId}/annotation`,
        headers: who,
        payload: body,
      });
    const history = async (who: Caller, id: number) =>
      (await t.app.inject({ url: `/api/annotations/${id}/history`, headers: who })).json<
        { version: number }[]
      >();

    it('answers a repeated save with the stored result instead of a conflict', async () => {
      const [me] = readers;
      const imageId = imageIds[0]!;
      const create = {
        payload: payload('B-mode'),
        status: 'draft',
        idempotencyKey: 'create-0f8b7c2e',
      };
      const first = await save(me!, imageId, create);
      expect(first.statusCode, first.body).toBe(200);
      // The response was lost; the client sends the same save again.
      const again = await save(me!, imageId, create);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual(first.json());

      const update = {
        payload: payload('CW Doppler'),
        status: 'submitted',
        baseVersion: 1,
        idempotencyKey: 'update-4d1e9a77',
      };
      const second = await save(me!, imageId, update);
      expect(second.json()).toMatchObject({ version: 2, status: 'submitted' });
      const repeated = await save(me!, imageId, update);
      expect(repeated.statusCode, repeated.body).toBe(200);
      expect(repeated.json()).toEqual(second.json());

      // The create's key, repeated after a later save, still answers what that save stored.
      const late = await save(me!, imageId, create);
      expect(late.statusCode, late.body).toBe(200);
      expect(late.json()).toMatchObject({
        id: first.json<{ id: number }>().id,
        version: 1,
        status: 'draft',
        payload: payload('B-mode'),
      });
      // Each save is in the history once.
      expect((await history(me!, first.json<{ id: number }>().id)).map((e) => e.version)).toEqual([
        1, 2,
      ]);
      // Without a key, the same repeat is a stale write.
      expectProblem(await save(me!, imageId, { ...update, idempotencyKey: undefined }), 409);
    });

    it('refuses a key used again for a different save', async () => {
      const [me] = readers;
      const imageId = imageIds[1]!;
      const key = { idempotencyKey: 'reused-2b6f01c9' };
      expect(
        (await save(me!, imageId, { payload: payload('B-mode'), status: 'draft', ...key }))
          .statusCode,
      ).toBe(200);
      const other = await save(me!, imageId, {
        payload: payload('PW Doppler'),
        status: 'draft',
        baseVersion: 1,
        ...key,
      });
      expectProblem(other, 422);
      expect(other.json()).toMatchObject({
        type: 'https://medlabel.dev/problems/idempotency-key-reused',
      });
    });

    it("keeps keys per user: another reader's key does not replay someone else's save", async () => {
      const [me, someoneElse] = readers;
      const imageId = imageIds[2]!;
      const body = {
        payload: payload('B-mode'),
        status: 'draft',
        idempotencyKey: 'shared-7a3c55d0',
      };
      const mine = await save(me!, imageId, body);
      const theirs = await save(someoneElse!, imageId, body);
      expect(theirs.statusCode, theirs.body).toBe(200);
      expect(theirs.json<{ id: number }>().id).not.toBe(mine.json<{ id: number }>().id);
      expect(theirs.json()).toMatchObject({ version: 1 });
      expect(theirs.json<{ annotatorId: number }>().annotatorId).not.toBe(
        mine.json<{ annotatorId: number }>().annotatorId,
      );
    });

    it('answers retries racing their original with the one save they repeat', async () => {
      const [me] = readers;
      const imageId = imageIds[3]!;
      const created = await save(me!, imageId, { payload: payload('B-mode'), status: 'draft' });
      const update = {
        payload: payload('PW Doppler'),
        status: 'draft',
        baseVersion: created.json<{ version: number }>().version,
        idempotencyKey: 'racing-93e1f4b2',
      };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => save(me!, imageId, update)),
      );
      for (const response of responses) {
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ version: 2, payload: payload('PW Doppler') });
      }
      expect((await history(me!, created.json<{ id: number }>().id)).map((e) => e.version)).toEqual(
        [1, 2],
      );
    });

    it('lets exactly the wanted readers start an image when all of them save at once', async () => {
      const imageId = imageIds[4]!;
      const responses = await Promise.all(
        readers.map((who) =>
          save(who, imageId, { payload: payload('B-mode'), status: 'submitted' }),
        ),
      );
      expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(2);
      for (const refused of responses.filter((r) => r.statusCode !== 200)) {
        expectProblem(refused, 409);
        const problem = refused.json<{ type: string; detail: string }>();
        expect(problem.type).toBe('https://medlabel.dev/problems/readers-complete');
        expect(problem.detail).toContain('2 reader(s)');
      }
      const progress = await t.app.inject({
        url: `/api/collections/${collectionId}/images?limit=10`,
        headers: researcher,
      });
      const item = progress
        .json<{ items: { image: { id: number }; startedCount: number }[] }>()
        .items.find((i) => i.image.id === imageId);
      expect(item?.startedCount).toBe(2);
    });
  });
}
