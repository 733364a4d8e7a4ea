import type { MedlabelClient } from '@medlabel/api-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { unique, uploadImages } from './support/fixtures.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let admin: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, inject('admin'));
});

afterAll(async () => {
  await browser?.close();
});

describe('search page', () => {
  it('finds body parts whatever their case, as the help text spells them', async () => {
    // A body part only this test uses, in the two spellings imports produce.
    const part = unique('HEAD').toUpperCase();
    const [uploaded] = await uploadImages(admin, 1, { offset: 90 });
    const image = unwrap(
      await admin.GET('/api/images/{id}', { params: { path: { id: uploaded! } } }),
    );
    const { ids } = unwrap(
      await admin.POST('/api/images', {
        body: {
          images: [part, part.toLowerCase()].map((bodyPart) => ({
            url: image.url,
            width: image.width,
            height: image.height,
            modality: 'MR',
            bodyPart,
          })),
        },
      }),
    );
    const { page } = browser;
    await page.goto(`${baseUrl}/search`);
    await page.getByLabel('Query').fill(`bodypart:${part.toLowerCase()}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('search-count').getByText('2 image(s)').waitFor();
    const found = await page
      .locator('[data-result-id]')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-result-id'))));
    expect(found.sort((a, b) => a - b)).toEqual(ids);

    // The address holds the query that ran: opened again (a bookmark, a reload), it runs it.
    await page.goto(`${baseUrl}/search?q=${encodeURIComponent(`bodypart:${part.toLowerCase()}`)}`);
    await page.getByTestId('search-count').getByText('2 image(s)').waitFor();
    expect(await page.getByLabel('Query').inputValue()).toBe(`bodypart:${part.toLowerCase()}`);
  });

  it('shows an invalid query’s error once, takes it into the URL and drops the old results', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/search`);
    await page.getByLabel('Query').fill('modality:MR');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('search-count').waitFor();

    const invalid = '(modality:MR';
    await page.getByLabel('Query').fill(invalid);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(invalid);
    const message = (await page.locator('#search-help').textContent()) ?? '';
    expect(message).not.toBe('');
    expect(await page.getByText(message).count()).toBe(1);
    expect(await page.getByTestId('search-count').count()).toBe(0);
  });
});
