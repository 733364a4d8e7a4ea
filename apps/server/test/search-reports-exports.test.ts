import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

for (const dialect of DIALECTS) {
  describe(`search, reports and exports (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 4);
      const save = (imageId: number, label: string, status: string, shapes: unknown[] = []) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/collections/${w.collectionId}/images/${imageId}/annotation`,
          headers: w.annotator,
          payload: { payload: { labels: [label], shapes, values: {} }, status, timeSpentMs: 2000 },
        });
      const polygon = {
        kind: 'polygon',
        id: 's1',
        tool: 'lv',
        label: 'LV endocardium',
        points: [
          { x: 0, y: 0 },
          { x: 10, y: 0 },
          { x: 10, y: 10 },
        ],
      };
      expect((await save(w.imageIds[0]!, 'CW Doppler', 'submitted', [polygon])).statusCode).toBe(
        200,
      );
      expect((await save(w.imageIds[1]!, 'B-mode', 'submitted')).statusCode).toBe(200);
      expect((await save(w.imageIds[2]!, 'CW Doppler', 'draft')).statusCode).toBe(200);
    });
    afterAll(() => t.close());

    const search = (q: string, headers = w.researcher) =>
      t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers });

    it('finds images by attribute, label, annotator and status', async () => {
      const byLabel = await search('modality:US label:"CW Doppler"');
      expect(byLabel.json()).toMatchObject({
        type: 'image',
        items: [{ id: w.imageIds[0] }, { id: w.imageIds[2] }],
      });
      const done = await search('label:"CW Doppler" status:done annotator:ann@example.org');
      expect(done.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([
        w.imageIds[0],
      ]);
      const negated = await search('-modality:US');
      expect(negated.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([
        w.imageIds[1],
        w.imageIds[3],
      ]);
      const annotations = await search('type:annotation status:draft');
      expect(annotations.json()).toMatchObject({
        type: 'annotation',
        items: [{ imageId: w.imageIds[2], status: 'draft' }],
      });
      const byLabelAndStatus = await search('type:annotation label:"CW Doppler" status:draft');
      expect(
        byLabelAndStatus.json<{ items: { imageId: number }[] }>().items.map((i) => i.imageId),
      ).toEqual([w.imageIds[2]]);
      const submitted = await search('type:annotation label:"CW Doppler" -status:draft');
      expect(
        submitted.json<{ items: { imageId: number }[] }>().items.map((i) => i.imageId),
      ).toEqual([w.imageIds[0]]);
      const labelPage = await t.app.inject({
        url: `/api/search?q=${encodeURIComponent('type:annotation label:"CW Doppler"')}&limit=1`,
        headers: w.researcher,
      });
      const first = labelPage.json<{ items: { id: number }[]; next: number }>();
      const rest = await t.app.inject({
        url: `/api/search?q=${encodeURIComponent('type:annotation label:"CW Doppler"')}&limit=1&after=${first.next}`,
        headers: w.researcher,
      });
      expect(rest.json<{ items: { imageId: number }[] }>().items.map((i) => i.imageId)).toEqual([
        w.imageIds[2],
      ]);
      const templates = await search('type:template template:"echo view"');
      expect(templates.json<{ items: unknown[] }>().items).toHaveLength(1);
      const users = await search('type:user role:annotator specialty:cardiology');
      expect(users.json<{ items: { email: string }[] }>().items.map((u) => u.email)).toEqual([
        'ann@example.org',
      ]);
    });

    it('pages with a keyset cursor', async () => {
      const first = await t.app.inject({ url: '/api/search?q=&limit=3', headers: w.researcher });
      const body = first.json<{ items: { id: number }[]; next: number }>();
      expect(body.items).toHaveLength(3);
      const second = await t.app.inject({
        url: `/api/search?q=&limit=3&after=${body.next}`,
        headers: w.researcher,
      });
      expect(second.json()).toMatchObject({ items: [{ id: w.imageIds[3] }], next: null });
    });

    it('combines terms with OR, parentheses and negated groups', async () => {
      const found = async (q: string) => {
        const response = await search(q);
        expect(response.statusCode, response.body).toBe(200);
        return response
          .json<{ items: { id: number; imageId?: number }[] }>()
          .items.map((i) => i.imageId ?? i.id);
      };
      const [cw, bMode, draft, untouched] = w.imageIds;
      expect(await found('label:"B-mode" OR status:draft')).toEqual([bMode, draft]);
      expect(await found('(label:"B-mode" OR label:"CW Doppler") status:done')).toEqual([
        cw,
        bMode,
      ]);
      expect(await found('-(label:"CW Doppler" OR label:"B-mode")')).toEqual([untouched]);
      expect(await found('label:"B-mode" OR modality:US status:draft')).toEqual([bMode, draft]);
      // A label inside OR must not drive the annotations' walk along the label index.
      expect(await found('type:annotation (label:"B-mode" OR status:draft)')).toEqual([
        bMode,
        draft,
      ]);

      const nestedType = await search('(type:annotation OR label:x)');
      expectProblem(nestedType, 400);
      expect(nestedType.json<{ detail: string }>().detail).toMatch(/outside OR and parentheses/);
      const dangling = await search('label:x OR');
      expectProblem(dangling, 400);
      expect(dangling.body).toContain('at 8: OR needs a term after it');
    });

    it('refuses bad queries and keeps annotators to what they may see', async () => {
      expectProblem(await search('nofield:x'), 400);
      expectProblem(await search('type:user role:admin', w.annotator), 403);
      expectProblem(await search('type:template email:x'), 400);
      const annotatorView = await search('', w.annotator);
      expect(annotatorView.json<{ items: unknown[] }>().items).toHaveLength(4);
    });

    it('builds a collection from a search in one call', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/collections/from-search',
        headers: w.researcher,
        payload: { name: 'Doppler', templateId: w.templateId, q: 'label:"CW Doppler"' },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ imageCount: 2 });
    });

    it('reports completeness as JSON and CSV', async () => {
      const report = await t.app.inject({
        url: `/api/collections/${w.collectionId}/report`,
        headers: w.researcher,
      });
      expect(report.json()).toMatchObject({
        images: 4,
        done: 2,
        inProgress: 1,
        todo: 1,
        annotators: [
          {
            email: 'ann@example.org',
            submitted: 2,
            drafts: 1,
            timeSpentMs: 6000,
            meanTimeMs: 3000,
          },
        ],
      });
      const csv = await t.app.inject({
        url: `/api/collections/${w.collectionId}/report.csv`,
        headers: w.researcher,
      });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.split('\r\n')[1]).toBe(`${w.annotatorId},ann@example.org,ann,2,1,6000,3000`);
      expectProblem(
        await t.app.inject({
          url: `/api/collections/${w.collectionId}/report`,
          headers: w.annotator,
        }),
        403,
      );
    });

    it('exports JSON, CSV and COCO', async () => {
      const json = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.json`,
        headers: w.researcher,
      });
      expect(json.json()).toMatchObject({
        images: { length: 4 },
        annotations: { length: 3 },
        templates: [{ version: 1 }],
      });
      const csv = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.csv`,
        headers: w.researcher,
      });
      expect(csv.body.trim().split('\r\n')).toHaveLength(4);
      const coco = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.coco.json`,
        headers: w.researcher,
      });
      expect(coco.json()).toMatchObject({
        categories: [{ id: 1, name: 'LV endocardium', supercategory: 'lv' }],
        annotations: [
          { id: 1, image_id: w.imageIds[0], category_id: 1, area: 50, bbox: [0, 0, 10, 10] },
        ],
      });
    });

    // Last: the images it adds are visible to the other tests' searches.
    it('matches enumerated DICOM values such as the body part case-insensitively', async () => {
      await t.user('bodypart-admin@example.org', 'admin');
      const admin = await t.login('bodypart-admin@example.org');
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: admin,
        payload: {
          images: ['HEAD', 'Head', 'CHEST'].map((bodyPart, i) => ({
            url: `https://images.example.org/bodypart-${i}.png`,
            width: 100,
            height: 80,
            modality: 'MR',
            bodyPart,
          })),
        },
      });
      expect(imported.statusCode, imported.body).toBe(201);
      const [head, titled] = imported.json<{ ids: number[] }>().ids;
      for (const q of ['bodypart:head', 'bodypart:HEAD', 'bodypart:Head']) {
        const found = await search(q, admin);
        expect(
          found.json<{ items: { id: number }[] }>().items.map((i) => i.id),
          q,
        ).toEqual([head, titled]);
      }
    });
  });
}
