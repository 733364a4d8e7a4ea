// The DICOM exports from the browser: a researcher downloads the SR of a chest CT collection from
// its report page, and the measurement report in it holds the reader's ruler in mm on the
// de-identified instance.
import type { MedlabelClient } from '@medlabel/api-client';
import { readMeasurementReport } from '@medlabel/dicom';
import { exampleTemplates } from '@medlabel/schema';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { uploadDicom } from './support/dicom-uploads.js';
import {
  createCollection,
  createTemplate,
  createUser,
  type UserFixture,
} from './support/fixtures.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let researcher: UserFixture;
let annotator: UserFixture;
let asResearcher: MedlabelClient;
let asAnnotator: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  const admin = await apiAs(baseUrl, inject('admin'));
  researcher = await createUser(admin, 'researcher');
  annotator = await createUser(admin, 'annotator');
  asResearcher = await apiAs(baseUrl, researcher);
  asAnnotator = await apiAs(baseUrl, annotator);
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, researcher);
});

afterAll(async () => {
  await browser?.close();
});

/** The files of a ZIP whose entries are stored, walking its local headers. */
function storedEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    const size = zip.readUInt32LE(at + 18);
    const name = zip.toString('utf8', at + 30, at + 30 + zip.readUInt16LE(at + 26));
    const data = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    entries.set(name, zip.subarray(data, data + size));
    at = data + size;
  }
  return entries;
}

describe('DICOM exports', () => {
  it('downloads the SR of a collection from its report page, with the ruler in mm', async () => {
    const annotatorId = annotator.id;
    const template = await createTemplate(asResearcher, exampleTemplates.lengthMeasurement);
    const [ct] = await uploadDicom(asResearcher, ['rle.dcm']);
    const collection = await createCollection(asResearcher, {
      templateId: template.id,
      imageIds: [ct!],
      annotators: [annotatorId],
    });
    const image = unwrap(
      await asResearcher.GET('/api/images/{id}', { params: { path: { id: ct! } } }),
    );
    const [rowMm, columnMm] = image.metadata.pixelSpacing as [number, number];
    unwrap(
      await asAnnotator.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: collection.id, imageId: ct! } },
        body: {
          payload: {
            labels: [],
            shapes: [
              {
                kind: 'ruler',
                id: 'r1',
                tool: 'diameter',
                points: [
                  { x: 100, y: 200 },
                  { x: 160, y: 280 },
                ],
              },
            ],
            values: {},
          },
          status: 'submitted',
          timeSpentMs: 1000,
        },
      }),
    );

    const { page } = browser;
    await page.goto(`${baseUrl}/collections/${collection.id}/report`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export DICOM SR' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`collection-${collection.id}.sr.zip`);
    const files = storedEntries(await readFile(await download.path()));
    expect([...files.keys()]).toEqual([`${image.studyUid}.sr.dcm`]);
    const report = readMeasurementReport(files.get(`${image.studyUid}.sr.dcm`)!);
    expect(report.annotations).toMatchObject([
      {
        observer: { kind: 'person', name: `Reader^${annotatorId}` },
        shapes: [{ kind: 'ruler', tool: 'diameter', id: 'r1' }],
      },
    ]);
    const [length] = report.annotations[0]!.measurements;
    expect(length!.quantity).toBe('length');
    expect(length!.mm).toBeCloseTo(Math.hypot(60 * columnMm, 80 * rowMm), 6);
  });
});
