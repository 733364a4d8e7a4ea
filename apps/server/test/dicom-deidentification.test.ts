// DICOM uploads through the API: Burned In Annotation YES is accepted and flagged for review
// (in the image's metadata, searchable), and patient characteristics are kept only when the
// MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS setting says so.
import fs from 'node:fs';
import path from 'node:path';
import { parseDicom } from '@medlabel/dicom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createTestApp, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { smallDicom } from './support/dicom-file.js';
import { multipart } from './support/fixture.js';

interface StoredImage {
  id: number;
  url: string;
  metadata: Record<string, unknown>;
}

async function uploadDicom(t: TestApp, caller: Caller, data: Buffer): Promise<StoredImage> {
  const body = multipart(data);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/images/upload',
    headers: { ...caller, ...body.headers },
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id } = response.json<{ id: number }>();
  return (await t.app.inject({ url: `/api/images/${id}`, headers: caller })).json<StoredImage>();
}

/** The de-identified file the server stored beside the image's PNG. */
function storedDicom(t: TestApp, image: StoredImage) {
  const name = image.url.split('/').pop()!.replace('.png', '.dcm');
  return parseDicom(fs.readFileSync(path.join(t.dataDir, 'files', name)));
}

for (const dialect of DIALECTS) {
  describe(`DICOM de-identification on upload (${dialect})`, () => {
    let t: TestApp;
    let researcher: Caller;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_DEID_SECRET: 'test secret' });
      await t.user('res@example.org', 'researcher');
      researcher = await t.login('res@example.org');
    });
    afterAll(() => t.close());

    it('accepts a file with burned-in annotation and flags it for review', async () => {
      const burned = await uploadDicom(t, researcher, smallDicom({ burnedInAnnotation: 'YES' }));
      const clean = await uploadDicom(
        t,
        researcher,
        smallDicom({ burnedInAnnotation: 'NO', instance: 2 }),
      );
      const unknown = await uploadDicom(t, researcher, smallDicom({ instance: 3 }));
      expect(burned.metadata.burnedInAnnotation).toBe(true);
      expect(clean.metadata).not.toHaveProperty('burnedInAnnotation');
      expect(unknown.metadata).not.toHaveProperty('burnedInAnnotation');

      const search = await t.app.inject({
        url: `/api/search?q=${encodeURIComponent('meta.burnedinannotation:true')}`,
        headers: researcher,
      });
      expect(search.statusCode, search.body).toBe(200);
      expect(search.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([
        burned.id,
      ]);
    });

    it('removes patient characteristics by default', async () => {
      const image = await uploadDicom(t, researcher, smallDicom({ instance: 4 }));
      const stored = storedDicom(t, image);
      expect(stored.metadata.patientSex).toBeUndefined();
      expect(stored.metadata.patientAge).toBeUndefined();
      expect(stored.dataSet.string('x00120063')).not.toContain('Retain Patient Characteristics');
      expect(stored.dataSet.string('x00181020')).toBeUndefined(); // Software Versions
      expect(stored.dataSet.string('x00020016')).toBeUndefined(); // Source AE Title
      expect(image.metadata).not.toHaveProperty('patientSex');
    });
  });
}

describe('the Retain Patient Characteristics setting', () => {
  let t: TestApp;
  let researcher: Caller;

  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      MEDLABEL_DEID_SECRET: 'test secret',
      MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS: 'true',
    });
    await t.user('res@example.org', 'researcher');
    researcher = await t.login('res@example.org');
  });
  afterAll(() => t.close());

  it('keeps sex, age and weight and records the option in the stored file', async () => {
    const image = await uploadDicom(t, researcher, smallDicom());
    const stored = storedDicom(t, image);
    expect(stored.metadata.patientSex).toBe('F');
    expect(stored.metadata.patientAge).toBe('042Y');
    expect(stored.dataSet.string('x00101030')).toBe('61');
    expect(stored.metadata.patientName).toMatch(/^ANON-/);
    const codes = stored.dataSet.elements.x00120064?.items?.map((item) =>
      item.dataSet?.string('x00080100'),
    );
    expect(codes).toEqual(['113100', '113108']);
    expect(image.metadata).toMatchObject({ patientSex: 'F', patientAge: '042Y' });
  });

  it('is read from the environment, off unless true', () => {
    expect(loadConfig({}).deidRetainPatientCharacteristics).toBe(false);
    const on = { MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS: 'true' };
    expect(loadConfig(on).deidRetainPatientCharacteristics).toBe(true);
    const bad = { MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS: 'yes please' };
    expect(() => loadConfig(bad)).toThrow(/MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS/);
  });
});
