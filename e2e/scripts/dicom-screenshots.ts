// Screenshots of the DICOM viewer into docs/screenshots/ (1280x800), on a fresh server: a chest
// CT in the lung window with the HU under the cursor, and a brain MR series as a stack with
// its annotated slices marked. Run: npx tsx e2e/scripts/dicom-screenshots.ts
import path from 'node:path';
import { exampleTemplates, type Shape } from '@medlabel/schema';
import type { Page } from 'playwright-core';
import { apiAs, unwrap } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { brainSlices, uploadDicom } from '../support/dicom-uploads.js';
import { createCollection, createTemplate, createUser } from '../support/fixtures.js';
import { openWorkspace, pagePoint, signIn } from '../support/pages.js';
import { ADMIN, buildWebApp, startServer } from '../support/server.js';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // the canvas settles
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

/** A lesion outline around a point of a 256x256 brain slice. */
const outline = (cx: number, cy: number, r: number): Shape => ({
  id: `lesion-${cx}-${cy}`,
  tool: 'contour',
  kind: 'polygon',
  label: 'Lesion',
  points: Array.from({ length: 12 }, (_, i) => ({
    x: cx + r * Math.cos((i / 12) * 2 * Math.PI),
    y: cy + r * 0.8 * Math.sin((i / 12) * 2 * Math.PI),
  })),
});

buildWebApp();
const server = await startServer();
const browser = await launchBrowser({ width: 1280, height: 800 });
try {
  const { baseUrl } = server;
  const { page } = browser;
  const admin = await apiAs(baseUrl, ADMIN);
  const reader = await createUser(admin, 'annotator');
  const readerApi = await apiAs(baseUrl, reader);
  await signIn(page, baseUrl, reader);

  const measure = await createTemplate(admin, exampleTemplates.lengthMeasurement);
  const [ct] = await uploadDicom(admin, ['rle.dcm']);
  const chest = await createCollection(admin, {
    templateId: measure.id,
    imageIds: [ct!],
    annotators: [reader.id],
  });
  await openWorkspace(page, baseUrl, chest.id, ct);
  await page.getByLabel('Window preset').selectOption('Lung');
  const lung = await pagePoint(page, { x: 130.5, y: 200.5 });
  await page.mouse.move(lung.x, lung.y);
  await page.getByTestId('pixel-value').waitFor();
  await shot(page, 'dicom-ct-lung-hu');

  const contour = await createTemplate(admin, exampleTemplates.lesionContour);
  const slices = await uploadDicom(admin, brainSlices(20));
  const brain = await createCollection(admin, {
    templateId: contour.id,
    imageIds: slices,
    annotators: [reader.id],
  });
  for (const [slice, shape] of [
    [8, outline(150, 110, 14)],
    [9, outline(152, 112, 18)],
    [10, outline(150, 114, 12)],
    [15, outline(100, 150, 10)],
  ] as const) {
    unwrap(
      await readerApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: brain.id, imageId: slices[slice]! } },
        body: { payload: { labels: [], shapes: [shape], values: {} }, status: 'draft' },
      }),
    );
  }
  await openWorkspace(page, baseUrl, brain.id, slices[9]);
  await page.locator('[data-testid="viewer"][data-loaded="true"]').waitFor();
  await shot(page, 'dicom-stack-markers');
} finally {
  await browser.close();
  await server.stop();
}
