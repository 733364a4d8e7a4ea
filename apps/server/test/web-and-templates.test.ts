import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exampleDefinition, expectProblem, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

describe('serving the built web app', () => {
  let t: TestApp;

  beforeAll(async () => {
    const dist = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'medlabel-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    t = await createTestApp('sqlite', { MEDLABEL_WEB_DIST: dist });
  });
  afterAll(() => t.close());

  it('serves files, falls back to index.html for client routes, keeps /api 404s as problems', async () => {
    const index = await t.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('id="root"');
    const asset = await t.app.inject({ url: '/assets/app.js' });
    expect(asset.body).toBe('console.log(1)');
    const clientRoute = await t.app.inject({ url: '/collections/12?tab=images' });
    expect(clientRoute.statusCode).toBe(200);
    expect(clientRoute.headers['content-type']).toContain('text/html');
    expect(asset.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expectProblem(await t.app.inject({ url: '/api/unknown' }), 404);
    expectProblem(await t.app.inject({ method: 'POST', url: '/collections' }), 404);
    expect((await t.app.inject({ url: '/../../etc/passwd' })).body).not.toContain('root:');
  });
});

for (const dialect of DIALECTS) {
  describe(`template versions (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 2);
    });
    afterAll(() => t.close());

    it('makes a new version on edit; annotations keep the version they were made with', async () => {
      const url = `/api/collections/${w.collectionId}/images/${w.imageIds[0]}/annotation`;
      const payload = { labels: ['B-mode'], shapes: [], values: {} };
      const v1 = await t.app.inject({
        method: 'PUT',
        url,
        headers: w.annotator,
        payload: { payload, status: 'submitted' },
      });
      expect(v1.json()).toMatchObject({ templateVersion: 1 });

      const edited = exampleDefinition();
      edited.classification!.labels.push({ name: 'M-mode' });
      const update = (baseVersion: number) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/templates/${w.templateId}`,
          headers: w.researcher,
          payload: { definition: edited, baseVersion },
        });
      expect((await update(1)).json()).toMatchObject({ version: 2 });
      expectProblem(await update(1), 409);
      const old = await t.app.inject({
        url: `/api/templates/${w.templateId}/versions/1`,
        headers: w.annotator,
      });
      expect(
        old.json<{ definition: { classification: { labels: unknown[] } } }>().definition
          .classification.labels,
      ).toHaveLength(3);

      // The collection still asks for version 1 until its owner moves it.
      const m = { payload: { labels: ['M-mode'], shapes: [], values: {} }, status: 'submitted' };
      const refused = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[1]}/annotation`,
        headers: w.annotator,
        payload: m,
      });
      expectProblem(refused, 422);
      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/api/collections/${w.collectionId}`,
        headers: w.researcher,
        payload: { templateVersion: 2 },
      });
      expect(moved.json()).toMatchObject({ templateVersion: 2 });
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[1]}/annotation`,
        headers: w.annotator,
        payload: m,
      });
      expect(saved.json()).toMatchObject({ templateVersion: 2 });
      const first = await t.app.inject({
        url: `/api/annotations/${v1.json<{ id: number }>().id}`,
        headers: w.annotator,
      });
      expect(first.json()).toMatchObject({ templateVersion: 1 });
    });

    it('answers 422 with pointers for a definition that breaks the template rules', async () => {
      const broken = exampleDefinition();
      broken.classification!.labels.push({ name: 'cw doppler' });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: w.researcher,
        payload: { definition: broken },
      });
      expectProblem(response, 422);
      expect(response.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe(
        '/body/definition/classification/labels/3/name',
      );
      const structural = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: w.researcher,
        payload: { definition: { formatVersion: 1 } },
      });
      expectProblem(structural, 400);
    });
  });
}
