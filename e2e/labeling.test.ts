import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
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
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  annotator = await createUser(admin, 'annotator');
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, annotator);
});

afterAll(async () => {
  await browser?.close();
});

describe('labeling with the keyboard', () => {
  it('signs in, opens the task and labels three images with number keys and Enter', async () => {
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 4);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [annotator.id],
    });
    const { page } = browser;
    await page.goto(baseUrl);
    const task = page.locator(`[data-collection-id="${collection.id}"]`);
    await task.getByRole('link', { name: 'Annotate' }).click();
    await page.locator(`[data-image-id="${imageIds[0]}"].selected`).waitFor();
    expect(await gridStatus(page, imageIds[0]!)).toBe('todo');

    // The grid shows the server's JPEG thumbnails of the uploaded PNGs, not the full files.
    const thumb = `[data-image-id="${imageIds[0]}"] img`;
    const src = await page.locator(thumb).getAttribute('src');
    expect(src).toMatch(/^\/api\/files\/[a-f0-9]{32}\.png\?thumb=256$/);
    await page.waitForFunction(
      (selector) => (document.querySelector<HTMLImageElement>(selector)?.naturalWidth ?? 0) > 0,
      thumb,
    );
    const served = await page.evaluate(
      async (url) => (await fetch(url)).headers.get('content-type'),
      src!,
    );
    expect(served).toBe('image/jpeg');

    // Keyboard only: a number key picks the class, Enter submits and moves on.
    const keys = ['9', '1', '7'];
    for (const [i, key] of keys.entries()) {
      await page.locator(`[data-image-id="${imageIds[i]}"].selected`).waitFor();
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
      await page.keyboard.press(key);
      await page.keyboard.press('Enter');
      await page.locator(`[data-image-id="${imageIds[i + 1]}"].selected`).waitFor();
    }

    const names = exampleTemplates.fashionMnist.classification!.labels.map((l) => l.name);
    for (const [i, key] of keys.entries()) {
      const annotation = await storedAnnotation(admin, collection.id, imageIds[i]!, annotator.id);
      expect(annotation?.status).toBe('submitted');
      expect(annotation?.payload.labels).toEqual([names[Number(key)]]);
      expect(await gridStatus(page, imageIds[i]!)).toBe('annotated');
    }
    expect(await gridStatus(page, imageIds[3]!)).toBe('todo');

    // The label is required: Enter without one is refused in the page, as the server would.
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="save-state"][data-state="invalid"]').waitFor();
    await page.locator('#labels-problem[role="alert"]').waitFor();
    expect(await page.locator(`[data-image-id="${imageIds[3]}"]`).getAttribute('class')).toContain(
      'selected',
    );
    expect(
      await storedAnnotation(admin, collection.id, imageIds[3]!, annotator.id),
    ).toBeUndefined();

    // The statistics count what the server stored.
    await page.getByTestId('stat-mine').filter({ hasText: '3' }).waitFor();

    // Arrows move through the grid; `?` lists the shortcuts.
    await page.keyboard.press('ArrowLeft');
    await page.locator(`[data-image-id="${imageIds[2]}"].selected`).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');

    // The task desktop shows the same progress.
    await page.getByRole('link', { name: 'My tasks' }).click();
    await task.getByTestId('task-progress').filter({ hasText: '3 of 4 annotated by me' }).waitFor();
  });

  it('jumps to the next image the server wants, on another page of the grid', async () => {
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 14, { offset: 20 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [annotator.id],
    });
    // The annotator has already labelled the first 13 (through the API): the work left is #14.
    const annotatorApi = await apiAs(baseUrl, annotator);
    for (const imageId of imageIds.slice(0, 13)) {
      unwrap(
        await annotatorApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: ['Bag'], shapes: [], values: {} },
            status: 'submitted',
            timeSpentMs: 1000,
          },
        }),
      );
    }
    const { page } = browser;
    await page.goto(`${baseUrl}/collections/${collection.id}/annotate`);
    await page.getByLabel('Per page').selectOption('12');
    // The grid of 12: the 13th image has left it.
    await page.locator(`[data-image-id="${imageIds[12]}"]`).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next to annotate' }).click();
    await page.locator(`[data-image-id="${imageIds[13]}"].selected`).waitFor();
    await page.getByText('Page 2 of 2').waitFor();
    expect(await gridStatus(page, imageIds[12]!)).toBe('annotated');
    expect(await gridStatus(page, imageIds[13]!)).toBe('todo');
  });

  it('explains the grid frame colours in a legend drawn like the frames', async () => {
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 2, { offset: 130 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [annotator.id],
    });
    unwrap(
      await (
        await apiAs(baseUrl, annotator)
      ).PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: collection.id, imageId: imageIds[1]! } },
        body: { payload: { labels: ['Bag'], shapes: [], values: {} }, status: 'submitted' },
      }),
    );
    const { page } = browser;
    await openWorkspace(page, baseUrl, collection.id, imageIds[0]);
    const legend = page.getByRole('list', { name: 'Frame colours' });
    expect(await legend.getByRole('listitem').allTextContents()).toEqual([
      'annotated',
      'draft saved, not submitted',
      'not annotated',
      'selected',
    ]);
    const border = (selector: string) =>
      page.locator(selector).evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(await border('[data-legend="status-annotated"] .legend-swatch')).toBe(
      await border(`[data-image-id="${imageIds[1]}"]`),
    );
    expect(await border('[data-legend="selected"] .legend-swatch')).toBe(
      await border(`[data-image-id="${imageIds[0]}"]`),
    );
  });
});
