import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates, type TemplateDefinition } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  storedAnnotation,
  uploadImages,
} from './support/fixtures.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let admin: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('review mode', () => {
  it('groups by predicted label, confirms a page and corrects one image with a key', async () => {
    const reviewer = await createUser(admin, 'annotator');
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 4, { offset: 60 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [reviewer.id],
    });
    const predictions = ['Bag', 'Bag', 'Bag', 'Coat'];
    for (const [i, imageId] of imageIds.entries()) {
      unwrap(
        await admin.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: [predictions[i]!], shapes: [], values: {} },
            status: 'submitted',
            model: 'cnn-round-1',
            confidence: 0.6,
          },
        }),
      );
    }
    const { page } = browser;
    await signIn(page, baseUrl, reviewer);
    await page.goto(`${baseUrl}/collections/${collection.id}/review`);
    await page.getByRole('tab', { name: 'Bag' }).click();
    const cards = page.locator('[data-review-image]');
    await expect.poll(() => cards.count()).toBe(3);
    // Cards show the server's thumbnails of our uploads.
    const src = await page.locator(`[data-review-image="${imageIds[0]}"] img`).getAttribute('src');
    expect(src).toMatch(/^\/api\/files\/[a-f0-9]{32}\.png\?thumb=256$/);
    const wrong = imageIds[1]!;
    await page.locator(`[data-review-image="${wrong}"] .review-thumb`).click();
    await page.keyboard.press('0'); // T-shirt/top
    await page.keyboard.press('Enter');
    await page.getByText('Confirmed 3 image(s).').waitFor();

    const stored = await Promise.all(
      imageIds.map((imageId) => storedAnnotation(admin, collection.id, imageId, reviewer.id)),
    );
    expect(stored.map((a) => a?.payload.labels[0])).toEqual([
      'Bag',
      'T-shirt/top',
      'Bag',
      undefined,
    ]);
    expect(stored.slice(0, 3).every((a) => a?.status === 'submitted' && a.source === 'human')).toBe(
      true,
    );
  });

  it('confirms only the label when the template also requires a drawing, lowest confidence first', async () => {
    const reviewer = await createUser(admin, 'annotator');
    const definition: TemplateDefinition = {
      formatVersion: 1,
      name: 'Bag outline',
      classification: {
        choice: 'single',
        required: true,
        labels: [{ name: 'Bag' }, { name: 'Coat' }],
      },
      tools: [{ kind: 'polygon', id: 'polygon1', title: 'Outline', required: true }],
      fields: [],
    };
    const template = await createTemplate(admin, definition);
    const imageIds = await uploadImages(admin, 3, { offset: 70 });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [reviewer.id],
    });
    const confidences = [0.9, 0.2, 0.55];
    for (const [i, imageId] of imageIds.entries()) {
      unwrap(
        await admin.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: ['Bag'], shapes: [], values: {} },
            status: 'draft',
            model: 'cnn-round-1',
            confidence: confidences[i]!,
          },
        }),
      );
    }
    const { page } = browser;
    await browser.context.clearCookies(); // signed in as the previous test's reviewer
    await signIn(page, baseUrl, reviewer);
    await page.goto(`${baseUrl}/collections/${collection.id}/review`);
    const cards = page.locator('[data-review-image]');
    await expect.poll(() => cards.count()).toBe(3);
    // The hardest case (the model's least confident prediction) comes first.
    const order = await cards.evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-review-image'))),
    );
    expect(order).toEqual([imageIds[1], imageIds[2], imageIds[0]]);
    // Said before the click, too.
    expect(await page.getByTestId('review-beyond-label').textContent()).toContain(
      'also requires Outline',
    );

    await page.getByRole('button', { name: /Confirm all on this page/ }).click();
    const status = page.getByRole('status');
    await status.getByText('Confirmed 3 image(s)').waitFor();
    expect(await status.textContent()).toContain('Outline');
    expect(await status.textContent()).not.toContain('polygon1');

    const stored = await Promise.all(
      imageIds.map((imageId) => storedAnnotation(admin, collection.id, imageId, reviewer.id)),
    );
    expect(stored.map((a) => [a?.payload.labels, a?.status])).toEqual(
      imageIds.map(() => [['Bag'], 'draft']),
    );
  });

  it('explains why a template without image-level labels has nothing to review', async () => {
    const reviewer = await createUser(admin, 'annotator');
    const template = await createTemplate(admin, exampleTemplates.lesionContour);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: await uploadImages(admin, 1, { offset: 80 }),
      annotators: [reviewer.id],
    });
    const { page } = browser;
    await browser.context.clearCookies();
    await signIn(page, baseUrl, reviewer);
    await page.goto(`${baseUrl}/collections/${collection.id}/review`);
    await page.getByText('has no image-level labels').waitFor();
    expect(await page.getByRole('link', { name: /annotate them in the workspace/ }).count()).toBe(
      1,
    );
  });
});
