// The labeling loop's screens for docs/screenshots/: the set-up form, a training in progress and
// the dashboard after two reviewed rounds. Called by screenshots.ts on its seeded server.
import type { MedlabelClient } from '@medlabel/api-client';
import type { Page } from 'playwright-core';
import { apiAs, unwrap } from '../support/api.js';
import { garmentCollection } from '../support/loop-fixtures.js';
import { signIn } from '../support/pages.js';

type Shot = (page: Page, name: string) => Promise<void>;

/**
 * The annotator's review of a round's hard cases through the API: the true label of each,
 * taking a few seconds to confirm and longer to correct, as people do.
 */
async function review(
  annotator: MedlabelClient,
  collections: readonly { id: number }[],
  truth: Map<number, string>,
): Promise<void> {
  let n = 0;
  for (const { id } of collections) {
    const { items } = unwrap(
      await annotator.GET('/api/collections/{id}/images', {
        params: { path: { id }, query: { limit: 500 } },
      }),
    );
    for (const item of items) {
      const label = truth.get(item.image.id)!;
      const confirmed = label === item.predicted?.label;
      unwrap(
        await annotator.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: id, imageId: item.image.id } },
          body: {
            payload: { labels: [label], shapes: [], values: {} },
            status: 'submitted',
            timeSpentMs: (confirmed ? 2500 : 7000) + (n++ % 7) * 400,
          },
        }),
      );
    }
  }
}

export async function loopScreenshots(
  page: Page,
  shot: Shot,
  baseUrl: string,
  admin: MedlabelClient,
  annotator: { id: number; client: MedlabelClient },
): Promise<void> {
  const researcher = { email: 'rosa.lindqvist@example.org', password: 'screenshot password' };
  unwrap(
    await admin.POST('/api/users', {
      body: { ...researcher, name: 'Dr. Rosa Lindqvist', role: 'researcher', expertise: [] },
    }),
  );
  const client = await apiAs(baseUrl, researcher);
  const garments = await garmentCollection(client, annotator, {
    perClass: 90,
    seedPerClass: 20,
    name: 'Fashion-MNIST garments',
  });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').waitFor();
  await signIn(page, baseUrl, researcher);

  await page.goto(`${baseUrl}/loops/new?collection=${garments.collectionId}`);
  await page.getByLabel('Name').fill('Garments: CNN loop');
  await page.getByLabel('Epochs (empty: default)').fill('30');
  await page.getByLabel('Confidence threshold (%)').fill('95');
  await page.getByLabel('Batch size').fill('60');
  await page.getByLabel('Audit share (%)').fill('10');
  await page.getByLabel('Random-baseline share (%)').fill('20');
  await page.getByLabel('Validation images per class').fill('8');
  await page.getByLabel('Validation images per class').blur();
  await shot(page, 'loop-setup');
  await page.getByRole('button', { name: 'Create loop and train the first model' }).click();
  await page.waitForURL(/\/loops\/\d+$/);
  const loopId = Number(new URL(page.url()).pathname.split('/').pop());
  const loop = { params: { path: { id: loopId } } };
  const phase = (name: string) =>
    page.locator(`[data-testid="loop-phase"][data-phase="${name}"]`).waitFor({ timeout: 120_000 });

  for (let round = 1; round <= 2; round++) {
    if (round === 2) {
      await page.getByRole('button', { name: 'Train next model' }).click();
      // The second training, caught halfway with the dashboard of round 1 below it.
      await page
        .getByTestId('job-progress')
        .filter({ hasText: /epoch ([3-9]|[12][0-9]) of 30/ })
        .waitFor({ timeout: 120_000 });
      await shot(page, 'loop-training');
    }
    await phase('ready-to-prelabel');
    await page.getByRole('button', { name: 'Pre-label next batch' }).click();
    await phase('reviewing');
    const dashboard = unwrap(await client.GET('/api/loops/{id}/dashboard', loop));
    await review(annotator.client, dashboard.rounds[round]!.batch!.collections, garments.truth);
    await phase('ready-to-train');
  }
  await page.getByRole('button', { name: 'Train next model' }).click();
  await phase('ready-to-prelabel');
  await page.locator('[data-model-round="2"]').waitFor();
  await page.getByRole('heading', { name: 'Dashboard' }).evaluate((h) => h.scrollIntoView());
  await shot(page, 'loop-dashboard');
}
