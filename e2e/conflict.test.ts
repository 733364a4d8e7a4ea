import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { axeAudit } from './support/axe.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  storedAnnotation,
  uploadImages,
  type UserFixture,
} from './support/fixtures.js';
import { gridStatus, openWorkspace, signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let admin: MedlabelClient;
let annotator: UserFixture;
let annotatorApi: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  annotator = await createUser(admin, 'annotator');
  annotatorApi = await apiAs(baseUrl, annotator);
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, annotator);
});

afterAll(async () => {
  await browser?.close();
});

async function mine(collectionId: number, imageId: number) {
  return (await storedAnnotation(admin, collectionId, imageId, annotator.id))!;
}

describe('saving', () => {
  it('shows a 409 conflict, keeps both versions apart and lets the user resolve it', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const [imageId] = await uploadImages(admin, 1);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [imageId!],
      annotators: [annotator.id],
    });
    const save = (labels: string[], baseVersion?: number) =>
      annotatorApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: collection.id, imageId: imageId! } },
        body: {
          payload: { labels, shapes: [], values: {} },
          status: 'draft',
          ...(baseVersion ? { baseVersion } : {}),
        },
      });
    const first = unwrap(await save(['Bag']));
    await openWorkspace(page, baseUrl, collection.id, imageId);
    expect(await gridStatus(page, imageId!)).toBe('draft');

    // Meanwhile, another tab of the same annotator saves a newer version.
    unwrap(await save(['Coat'], first.version));

    await page.keyboard.press('1'); // Trouser
    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'This annotation was changed elsewhere' });
    await dialog.waitFor();
    expect((await axeAudit(page, 'workspace, conflict dialog open')).blocking).toEqual([]);
    expect(await page.getByTestId('save-state').getAttribute('data-state')).toBe('error');
    // Said once: not "Not saved – Not saved: …".
    expect(await page.getByTestId('save-state').textContent()).toBe(
      'Not saved – This annotation was changed elsewhere.',
    );
    let stored = await mine(collection.id, imageId!);
    expect(stored.payload.labels).toEqual(['Coat']); // nothing overwritten
    expect(stored.version).toBe(first.version + 1);

    await dialog.getByRole('button', { name: 'Keep my changes' }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    stored = await mine(collection.id, imageId!);
    expect(stored.payload.labels).toEqual(['Trouser']);
    expect(stored.version).toBe(first.version + 2);

    // The other way round: load the saved version instead of mine.
    unwrap(await save(['Sandal'], stored.version));
    await page.keyboard.press('8'); // Bag
    await page.getByRole('button', { name: 'Save draft' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Load the saved version' }).click();
    expect(await page.getByRole('radio', { name: /Sandal/ }).isChecked()).toBe(true);
    stored = await mine(collection.id, imageId!);
    expect(stored.payload.labels).toEqual(['Sandal']);
  });

  it('autosaves a draft shortly after an edit, without a click', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const [imageId] = await uploadImages(admin, 1, { offset: 80 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [imageId!],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, imageId);
    await page.keyboard.press('8'); // Bag
    expect(await page.getByTestId('save-state').getAttribute('data-state')).toBe('unsaved');
    await page
      .locator('[data-testid="save-state"][data-state="saved"]')
      .waitFor({ timeout: 10_000 });
    const stored = await mine(collection.id, imageId!);
    expect(stored).toMatchObject({ status: 'draft', payload: { labels: ['Bag'] } });
    expect(await gridStatus(page, imageId!)).toBe('draft');
  });

  it('queues a save while the server is unreachable and sends it when it is back', async () => {
    const { page, context } = browser;
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const [imageId] = await uploadImages(admin, 1, { offset: 5 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [imageId!],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, imageId);
    await context.setOffline(true);
    await page.keyboard.press('3');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('[data-testid="save-state"][data-state="queued"]').waitFor();
    await page.getByText('1 save(s) waiting for the server').waitFor();
    await context.setOffline(false);
    await page
      .getByText('1 save(s) waiting for the server')
      .waitFor({ state: 'detached', timeout: 15_000 });
    const stored = await mine(collection.id, imageId!);
    expect(stored.payload.labels).toEqual(['Dress']);
  });
});
