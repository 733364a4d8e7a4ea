import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import type { Page } from 'playwright-core';
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
} from './support/fixtures.js';
import { clickImage, gridStatus, openWorkspace, signIn } from './support/pages.js';

// Work must never be lost or credited to the wrong person: unsent saves across sign-outs,
// conflicts met by background flushes, reloads right after drawing, and the grid after a flush.

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

/** Polls `read` until `done` holds for its value (the browser sends in the background). */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** A Fashion-MNIST collection of `count` images with the given annotators. */
async function labelingCollection(annotators: number[], count = 1, offset = 0) {
  const template = await createTemplate(admin, exampleTemplates.fashionMnist);
  const imageIds = await uploadImages(admin, count, { offset });
  const collection = await createCollection(admin, {
    templateId: template.id,
    imageIds,
    annotators,
    readersPerImage: annotators.length,
  });
  return { collectionId: collection.id, imageIds };
}

describe('unsent work', () => {
  it("keeps a signed-out reader's queued saves from the next user and sends them, as theirs, at their next sign-in", async () => {
    const { page } = browser;
    const first = await createUser(admin, 'annotator');
    const second = await createUser(admin, 'annotator');
    const { collectionId, imageIds } = await labelingCollection([first.id, second.id], 1, 20);
    const imageId = imageIds[0]!;

    await signIn(page, baseUrl, first);
    await openWorkspace(page, baseUrl, collectionId, imageId);
    // Saves cannot reach the server (signing out still can).
    await page.route('**/annotation', (route) => route.abort('internetdisconnected'));
    await page.keyboard.press('3'); // Dress
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('1 save(s) waiting for the server').waitFor();

    // Signing out says that the work waits, before signing out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const question = page.getByRole('dialog', { name: 'Unsent work is waiting' });
    await question.waitFor();
    expect((await axeAudit(page, 'workspace, unsent-work dialog open')).blocking).toEqual([]);
    await question.getByRole('button', { name: 'Sign out anyway' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.unroute('**/annotation');

    // The next person on this browser: the first reader's save is not sent in their session.
    await signIn(page, baseUrl, second);
    await openWorkspace(page, baseUrl, collectionId, imageId);
    await page.waitForTimeout(4_000); // longer than a retry round
    expect(await storedAnnotation(admin, collectionId, imageId, second.id)).toBeUndefined();
    expect(await storedAnnotation(admin, collectionId, imageId, first.id)).toBeUndefined();
    await signOut(page);

    // The first reader signs in again: the work arrives, credited to them.
    await signIn(page, baseUrl, first);
    const stored = await eventually(
      () => storedAnnotation(admin, collectionId, imageId, first.id),
      (annotation) => annotation !== undefined,
    );
    expect(stored).toMatchObject({ annotatorId: first.id, payload: { labels: ['Dress'] } });
    expect(await storedAnnotation(admin, collectionId, imageId, second.id)).toBeUndefined();
    await signOut(page);
  });

  it('shows the conflict dialog when a queued save meets a newer version on reconnecting', async () => {
    const { page, context } = browser;
    const reader = await createUser(admin, 'annotator');
    const readerApi = await apiAs(baseUrl, reader);
    const { collectionId, imageIds } = await labelingCollection([reader.id], 1, 30);
    const imageId = imageIds[0]!;
    const save = (labels: string[], baseVersion?: number) =>
      readerApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId, imageId } },
        body: {
          payload: { labels, shapes: [], values: {} },
          status: 'draft',
          ...(baseVersion ? { baseVersion } : {}),
        },
      });
    const first = unwrap(await save(['Bag']));

    await signIn(page, baseUrl, reader);
    await openWorkspace(page, baseUrl, collectionId, imageId);
    await context.setOffline(true);
    await page.keyboard.press('1'); // Trouser
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('[data-testid="save-state"][data-state="queued"]').waitFor();
    // Meanwhile the server gets a newer version from elsewhere.
    unwrap(await save(['Coat'], first.version));
    await context.setOffline(false);

    const dialog = page.getByRole('dialog', { name: 'This annotation was changed elsewhere' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(
      (await storedAnnotation(admin, collectionId, imageId, reader.id))?.payload.labels,
    ).toEqual(['Coat']);
    await dialog.getByRole('button', { name: 'Keep my changes' }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    expect(await storedAnnotation(admin, collectionId, imageId, reader.id)).toMatchObject({
      version: first.version + 2,
      payload: { labels: ['Trouser'] },
    });
    await signOut(page);
  });

  it('saves a drawing made just before a reload, after warning that it is not sent', async () => {
    const { page } = browser;
    const reader = await createUser(admin, 'annotator');
    const template = await createTemplate(admin, exampleTemplates.cardiacLandmarks);
    const [imageId] = await uploadImages(admin, 1, { offset: 40 });
    const { id: collectionId } = await createCollection(admin, {
      templateId: template.id,
      imageIds: [imageId!],
      annotators: [reader.id],
    });
    await signIn(page, baseUrl, reader);
    await openWorkspace(page, baseUrl, collectionId, imageId);

    await clickImage(page, { x: 128, y: 40 });
    await page.locator('[data-testid="save-state"][data-state="unsaved"]').waitFor();
    const warnings: string[] = [];
    page.once('dialog', (dialog) => {
      warnings.push(dialog.type());
      void dialog.accept();
    });
    await page.reload(); // well within the 1.5 s autosave pause
    expect(warnings).toEqual(['beforeunload']);

    const stored = await eventually(
      () => storedAnnotation(admin, collectionId, imageId!, reader.id),
      (annotation) => annotation !== undefined,
    );
    expect(stored?.payload.shapes).toMatchObject([{ kind: 'keypoint' }]);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await signOut(page);
  });

  it('marks the grid tile annotated once an offline submit is sent', async () => {
    const { page, context } = browser;
    const reader = await createUser(admin, 'annotator');
    const { collectionId, imageIds } = await labelingCollection([reader.id], 2, 50);
    await signIn(page, baseUrl, reader);
    await openWorkspace(page, baseUrl, collectionId, imageIds[0]);
    expect(await gridStatus(page, imageIds[0]!)).toBe('todo');

    await context.setOffline(true);
    await page.keyboard.press('5'); // Sandal
    await page.keyboard.press('Enter'); // submit and move on
    await page.getByText('1 save(s) waiting for the server').waitFor();
    expect(await gridStatus(page, imageIds[0]!)).toBe('todo');
    await context.setOffline(false);

    await page
      .locator(`[data-image-id="${imageIds[0]}"][data-status="annotated"]`)
      .waitFor({ timeout: 15_000 });
    expect(await storedAnnotation(admin, collectionId, imageIds[0]!, reader.id)).toMatchObject({
      status: 'submitted',
      payload: { labels: ['Sandal'] },
    });
    await signOut(page);
  });
});
