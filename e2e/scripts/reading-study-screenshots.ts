// The reading study's screens for docs/screenshots/: the agreement page of three readers (its top,
// and its contours against the consensus contour), the adjudication view of an image they
// disagree on and its reference edited from the consensus contour. Called by screenshots.ts on
// its seeded server with the brain MR images and three readers' clients.
import type { MedlabelClient } from '@medlabel/api-client';
import type { TemplateDefinition } from '@medlabel/schema';
import type { Page } from 'playwright-core';
import { unwrap } from '../support/api.js';
import { createCollection } from '../support/fixtures.js';

type Shot = (page: Page, name: string) => Promise<void>;

const definition: TemplateDefinition = {
  formatVersion: 1,
  name: 'Brain MR lesion reading',
  classification: {
    title: 'Finding',
    choice: 'single',
    required: true,
    labels: [{ name: 'No lesion' }, { name: 'Benign' }, { name: 'Suspicious' }],
  },
  tools: [
    { kind: 'polygon', id: 'lesion', title: 'Lesion' },
    { kind: 'ruler', id: 'diameter', title: 'Largest diameter', unit: 'mm' },
  ],
  fields: [],
};

/** A lesion outline around (cx, cy): eight vertices on a wobbly circle of radius r. */
function outline(cx: number, cy: number, r: number, wobble: number) {
  return Array.from({ length: 8 }, (_, k) => {
    const angle = (k / 8) * 2 * Math.PI;
    const radius = r * (1 + wobble * Math.sin(3 * angle + wobble * 7));
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

const FINDINGS = ['No lesion', 'Benign', 'Suspicious'];

export async function readingStudyScreenshots(
  page: Page,
  shot: Shot,
  baseUrl: string,
  owner: MedlabelClient,
  imageIds: readonly number[],
  readers: readonly { id: number; client: MedlabelClient }[],
): Promise<void> {
  const template = unwrap(await owner.POST('/api/templates', { body: { definition } }));
  const study = await createCollection(owner, {
    templateId: template.id,
    imageIds: [...imageIds],
    annotators: readers.map((r) => r.id),
    readersPerImage: readers.length,
  });
  unwrap(
    await owner.PATCH('/api/collections/{id}', {
      params: { path: { id: study.id } },
      body: { name: 'Brain MR reading study' },
    }),
  );
  // Every reader reads every image; readers drift apart on a few, as readers do.
  for (const [i, imageId] of imageIds.entries()) {
    for (const [j, reader] of readers.entries()) {
      const finding = FINDINGS[(i + (i % 5 === j ? 1 : 0)) % 3]!;
      const r = 16 + (i % 4) * 3 + (i % 3 === j ? 4 : j);
      unwrap(
        await reader.client.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: study.id, imageId } },
          body: {
            payload: {
              labels: [finding],
              shapes: [
                {
                  id: 'c',
                  tool: 'lesion',
                  kind: 'polygon',
                  points: outline(120 + j * 2, 110, r, 0.05 + j * 0.04),
                },
                {
                  id: 'd',
                  tool: 'diameter',
                  kind: 'ruler',
                  points: [
                    { x: 120 - r, y: 110 },
                    { x: 120 + r + (j - 1) * 2 + (i % 3 === j ? 3 : 0), y: 110 },
                  ],
                },
              ],
              values: {},
            },
            status: 'submitted',
            timeSpentMs: 40_000,
          },
        }),
      );
    }
  }
  await page.goto(`${baseUrl}/collections/${study.id}/agreement`);
  await page.getByTestId('agreement-methods').waitFor();
  await shot(page, 'agreement');
  // Below the labels: the contours, pairwise and each reader against the consensus contour.
  await page
    .getByRole('region', { name: 'Lesion' })
    .evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await shot(page, 'agreement-contours');
  const queue = unwrap(
    await owner.GET('/api/collections/{id}/adjudication', { params: { path: { id: study.id } } }),
  );
  const labelCase = queue.items.find((item) => item.reasons.some((r) => r.startsWith('Finding')));
  await page.goto(
    `${baseUrl}/collections/${study.id}/adjudication/${(labelCase ?? queue.items[0]!).imageId}`,
  );
  await page.getByRole('article').first().waitFor();
  await shot(page, 'adjudication');
  // The reference edited from the consensus contour, in the annotation editor.
  await page.getByRole('button', { name: 'Edit from the consensus contour' }).click();
  await page.locator('[data-testid="viewer"][data-fitted="true"]').waitFor();
  await page.getByRole('form', { name: 'Edited reference' }).scrollIntoViewIfNeeded();
  await shot(page, 'adjudication-edit');
}
