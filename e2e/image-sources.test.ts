// Images that stay on an image server, in the browser: an admin registers a real Orthanc (its
// DICOMweb plugin; Debian packages installed by the test set-up) on the Image sources page, a
// researcher searches it for series and makes a collection of them, and the collection's
// thumbnails come from our server, which is the only one that talks to Orthanc.
import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOrthanc, type OrthancServer } from '../apps/server/test/support/orthanc.js';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { brainSlices, daikonFile } from './support/dicom-uploads.js';
import { createTemplate, createUser, unique, type UserFixture } from './support/fixtures.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let orthanc: OrthancServer;
let researcher: UserFixture;
let asResearcher: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  orthanc = await startOrthanc();
  for (const slice of brainSlices(20)) await orthanc.store(daikonFile(slice));
  const admin = await apiAs(baseUrl, inject('admin'));
  researcher = await createUser(admin, 'researcher');
  asResearcher = await apiAs(baseUrl, researcher);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await orthanc?.stop();
});

describe('image sources', () => {
  it('registers a DICOMweb server and makes a collection of a series found on it', async () => {
    const { page } = browser;
    const sourceName = unique('Orthanc');
    await signIn(page, baseUrl, inject('admin'));
    await page.getByRole('link', { name: 'Image sources' }).click();
    await page.getByText('Register a DICOMweb server').click();
    await page.getByLabel('Name').fill(sourceName);
    await page.getByLabel('Base URL (QIDO-RS, WADO-RS, STOW-RS)').fill(orthanc.dicomWebUrl);
    await page
      .getByLabel('Authorization header (kept on the server)')
      .fill(orthanc.headers.authorization!);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('option', { name: new RegExp(sourceName) }).waitFor({ state: 'attached' });
    await page.context().clearCookies();

    const template = await createTemplate(asResearcher, exampleTemplates.lengthMeasurement);
    await signIn(page, baseUrl, researcher);
    await page.getByRole('link', { name: 'Image sources' }).click();
    await page
      .getByLabel('Source')
      .selectOption({ label: `${sourceName} (${orthanc.dicomWebUrl})` });
    await page.getByLabel('Modality').fill('MR');
    await page.getByLabel('Study description').fill('BRAIN');
    await page.getByRole('button', { name: 'Search' }).click();
    const series = page.getByRole('table', { name: 'Series' });
    await expect.poll(() => series.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
    expect(await series.textContent()).toContain('FSE PD AXIAL OBL');
    await page.getByRole('heading', { name: /New collection of 1 series \(20 images\)/ }).waitFor();
    const name = unique('Brain from Orthanc');
    const form = page.getByRole('form', { name: 'New collection' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Template').selectOption({ value: String(template.id) });
    await form.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL(/\/collections\/\d+$/);

    const collectionId = Number(new URL(page.url()).pathname.split('/').pop());
    const collection = unwrap(
      await asResearcher.GET('/api/collections/{id}', { params: { path: { id: collectionId } } }),
    );
    expect(collection).toMatchObject({ name, imageCount: 20 });
    const item = unwrap(
      await asResearcher.GET('/api/collections/{id}/images', {
        params: { path: { id: collectionId }, query: { limit: 1 } },
      }),
    ).items[0]!;
    // The browser loads the pixels from our server, never from Orthanc.
    const thumb = await page.request.get(`${baseUrl}${item.image.url}?thumb=128`);
    expect(thumb.status()).toBe(200);
    expect(thumb.headers()['content-type']).toBe('image/jpeg');
    expect(item.image.url).toMatch(/^\/api\/sources\/\d+\/instances\/[0-9.]+$/);
  });
});
