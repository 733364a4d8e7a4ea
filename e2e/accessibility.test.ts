import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { createCollection, createTemplate, unique, uploadImages } from './support/fixtures.js';
import { signIn, unnamedControls } from './support/pages.js';

const baseUrl = inject('baseUrl');
let admin: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  browser = await launchBrowser({ width: 1280, height: 800 });
  await signIn(browser.page, baseUrl, inject('admin'));
});

afterAll(async () => {
  await browser?.close();
});

describe('accessible basics at 1280x800', () => {
  it('names every control and fits the width on the main screens', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.lengthMeasurement);
    const imageIds = await uploadImages(admin, 3, { offset: 110 });
    const collection = await createCollection(admin, { templateId: template.id, imageIds });
    const screens = [
      `/collections/${collection.id}/annotate`,
      `/collections/${collection.id}`,
      `/collections/${collection.id}/report`,
      `/collections/${collection.id}/review`,
      '/collections',
      `/templates/${template.id}`,
      '/templates/new',
      '/images',
      '/sources',
      '/search?q=modality:OT',
      '/loops',
      '/loops/new',
      '/users',
      '/',
    ];
    for (const screen of screens) {
      await page.goto(`${baseUrl}${screen}`);
      await page.locator('main h1, main .workspace-header h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ screen, unnamed: await unnamedControls(page) }).toEqual({ screen, unnamed: [] });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect({ screen, overflow }).toEqual({ screen, overflow: 0 });
    }
    // The check itself notices a control without a name.
    await page.evaluate(() =>
      document.querySelector('main')!.append(document.createElement('input')),
    );
    expect(await unnamedControls(page)).toHaveLength(1);
  });

  it('keeps the collection page within the window when a user has a long name', async () => {
    const { page } = browser;
    const name = `Dr. ${'Maximiliane-Konstantina von Hohenzollern-Sigmaringen '.repeat(3)}`.trim();
    unwrap(
      await admin.POST('/api/users', {
        body: {
          email: `${unique('long-name')}@e2e.test`,
          name,
          password: 'a long e2e password',
          role: 'annotator',
          expertise: [],
        },
      }),
    );
    const template = await createTemplate(admin, exampleTemplates.lengthMeasurement);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: await uploadImages(admin, 1, { offset: 120 }),
    });
    await page.goto(`${baseUrl}/collections/${collection.id}`);
    const select = page.locator('select', { has: page.locator('option', { hasText: name }) });
    await select.waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBe(0);
    expect((await select.boundingBox())!.width).toBeLessThanOrEqual(400);
  });
});
