import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

for (const dialect of DIALECTS) {
  describe(`collections: progress, predictions, removal (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;

    const save = (imageId: number, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${imageId}/annotation`,
        headers: w.researcher,
        payload: body,
      });

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 4);
    });
    afterAll(() => t.close());

    it('counts done images as saves cross the wanted readers, also when that number changes', async () => {
      const payload = { labels: ['B-mode'], shapes: [], values: {} };
      expect((await save(w.imageIds[0]!, { payload, status: 'submitted' })).statusCode).toBe(200);
      const progress = async (): Promise<unknown> =>
        (
          await t.app.inject({
            url: `/api/collections/${w.collectionId}/progress`,
            headers: w.annotator,
          })
        ).json();
      expect(await progress()).toEqual({ total: 4, done: 1, mine: { submitted: 0, drafts: 0 } });

      const patch = (readersPerImage: number) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/collections/${w.collectionId}`,
          headers: w.researcher,
          payload: { readersPerImage },
        });
      expect((await patch(2)).json()).toMatchObject({ doneCount: 0 });
      // The second reader the image now wants.
      const annotator = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[0]}/annotation`,
        headers: w.annotator,
        payload: { payload, status: 'draft' },
      });
      expect(annotator.statusCode).toBe(200);
      expect(await progress()).toEqual({ total: 4, done: 0, mine: { submitted: 0, drafts: 1 } });
      const submitted = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[0]}/annotation`,
        headers: w.annotator,
        payload: { payload, status: 'submitted', baseVersion: 1 },
      });
      expect(submitted.statusCode).toBe(200);
      expect(await progress()).toEqual({ total: 4, done: 1, mine: { submitted: 1, drafts: 0 } });
      expect((await patch(1)).json()).toMatchObject({ doneCount: 1 });
    });

    it('shows the latest model prediction per image and filters by it', async () => {
      const prediction = (label: string, confidence: number) => ({
        payload: { labels: [label], shapes: [], values: {} },
        status: 'submitted',
        model: 'cnn-v1',
        confidence,
      });
      expect((await save(w.imageIds[1]!, prediction('CW Doppler', 0.9))).statusCode).toBe(200);
      expect((await save(w.imageIds[2]!, prediction('PW Doppler', 0.6))).statusCode).toBe(200);
      const page = await t.app.inject({
        url: `/api/collections/${w.collectionId}/images?predicted=${encodeURIComponent('CW Doppler')}`,
        headers: w.researcher,
      });
      expect(page.json()).toMatchObject({
        items: [
          {
            image: { id: w.imageIds[1] },
            predicted: { model: 'cnn-v1', label: 'CW Doppler', confidence: 0.9 },
          },
        ],
      });
      const human = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[3]}/annotation`,
        headers: w.annotator,
        payload: { ...prediction('B-mode', 0.5), model: undefined },
      });
      expect(human.statusCode).toBe(400);
      const annotatorModel = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[3]}/annotation`,
        headers: w.annotator,
        payload: prediction('B-mode', 0.5),
      });
      expect(annotatorModel.statusCode).toBe(403);
    });

    it("saves a batch of predictions all or nothing, replacing the model's earlier ones", async () => {
      const url = `/api/collections/${w.collectionId}/predictions`;
      const item = (imageId: number, label: string, confidence: number) => ({
        imageId,
        payload: { labels: [label], shapes: [], values: {} },
        confidence,
      });
      const refused = await t.app.inject({
        method: 'POST',
        url,
        headers: w.researcher,
        payload: {
          model: 'cnn-v2',
          items: [item(w.imageIds[2]!, 'B-mode', 0.8), item(w.imageIds[3]!, 'Nope', 0.8)],
        },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toMatch(
        /^\/body\/items\/1\/payload\/labels/,
      );
      const first = await t.app.inject({
        method: 'POST',
        url,
        headers: w.researcher,
        payload: {
          model: 'cnn-v2',
          items: [item(w.imageIds[2]!, 'B-mode', 0.8), item(w.imageIds[3]!, 'B-mode', 0.7)],
        },
      });
      expect(first.json()).toEqual({ saved: 2 });
      const again = await t.app.inject({
        method: 'POST',
        url,
        headers: w.researcher,
        payload: { model: 'cnn-v2', items: [item(w.imageIds[3]!, 'PW Doppler', 0.95)] },
      });
      expect(again.json()).toEqual({ saved: 1 });
      const page = await t.app.inject({
        url: `/api/collections/${w.collectionId}/images?predicted=${encodeURIComponent('PW Doppler')}`,
        headers: w.researcher,
      });
      // The latest prediction counts: image 2's older "PW Doppler" from cnn-v1 is superseded.
      expect(page.json()).toMatchObject({
        items: [
          {
            image: { id: w.imageIds[3] },
            predicted: { model: 'cnn-v2', label: 'PW Doppler', confidence: 0.95 },
          },
        ],
      });
      expect(page.json<{ items: unknown[] }>().items).toHaveLength(1);
    });

    it('lists own collections to researchers, and those they are assigned to', async () => {
      const otherId = await t.user('colleague@example.org', 'researcher');
      const colleague = await t.login('colleague@example.org');
      const names = async () =>
        (await t.app.inject({ url: '/api/collections', headers: colleague }))
          .json<{ id: number }[]>()
          .map((c) => c.id);
      expect(await names()).toEqual([]);
      await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/assignments/${otherId}`,
        headers: w.researcher,
        payload: { kind: 'review' },
      });
      expect(await names()).toEqual([w.collectionId]);
    });

    it('pages by offset and removes annotated images only when told to discard their annotations', async () => {
      const byOffset = await t.app.inject({
        url: `/api/collections/${w.collectionId}/images?offset=2&limit=1`,
        headers: w.researcher,
      });
      expect(byOffset.json()).toMatchObject({ items: [{ position: 3 }], next: 3 });
      const remove = (body: Record<string, unknown>) =>
        t.app.inject({
          method: 'DELETE',
          url: `/api/collections/${w.collectionId}/images`,
          headers: w.researcher,
          payload: { imageIds: [w.imageIds[0], w.imageIds[1]], ...body },
        });
      const refused = await remove({});
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      const { detail } = refused.json<{ detail: string }>();
      const annotations = Number(/^(\d+) annotations? of these images/.exec(detail)?.[1]);
      expect(annotations).toBeGreaterThan(0);
      const untouched = await t.app.inject({
        url: `/api/collections/${w.collectionId}`,
        headers: w.researcher,
      });
      expect(untouched.json()).toMatchObject({ imageCount: 4 });

      const removed = await remove({ discardAnnotations: true });
      expect(removed.json()).toEqual({ removed: 2, discardedAnnotations: annotations });
      const collection = await t.app.inject({
        url: `/api/collections/${w.collectionId}`,
        headers: w.researcher,
      });
      expect(collection.json()).toMatchObject({ imageCount: 2, doneCount: 0 });
      const next = await t.app.inject({
        url: `/api/collections/${w.collectionId}/next`,
        headers: w.annotator,
      });
      expect(next.json()).toMatchObject({ image: { id: w.imageIds[2] }, position: 3 });
    });
  });
}
