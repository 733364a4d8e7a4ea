import type { MedlabelClient } from '@medlabel/api-client';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  uploadImages,
  type UserFixture,
} from './support/fixtures.js';
import { dragImage, signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');

const definition: TemplateDefinition = {
  formatVersion: 1,
  name: 'Lesion reading',
  classification: {
    choice: 'single',
    required: true,
    labels: [{ name: 'normal' }, { name: 'benign' }, { name: 'malignant' }],
  },
  tools: [
    { kind: 'polygon', id: 'lesion', title: 'Lesion' },
    { kind: 'ruler', id: 'diameter', title: 'Diameter', unit: 'mm' },
  ],
  fields: [],
};

const square = (w: number, h: number) => ({
  kind: 'polygon' as const,
  id: 'c',
  tool: 'lesion',
  points: [
    { x: 60, y: 60 },
    { x: 60 + w, y: 60 },
    { x: 60 + w, y: 60 + h },
    { x: 60, y: 60 + h },
  ],
});
const ruler = (length: number) => ({
  kind: 'ruler' as const,
  id: 'r',
  tool: 'diameter',
  points: [
    { x: 20, y: 200 },
    { x: 20 + length, y: 200 },
  ],
});

// Four images at 0.5 mm per pixel, two readers, three planted disagreements: the contour of
// image 0 (Dice 2/3), the label of image 2, the diameter of image 3 (50 mm vs 30 mm).
const READINGS: Record<'first' | 'second', AnnotationPayload[]> = {
  first: [
    { labels: ['normal'], shapes: [square(80, 80), ruler(100)], values: {} },
    { labels: ['benign'], shapes: [square(80, 80), ruler(100)], values: {} },
    { labels: ['benign'], shapes: [square(80, 80), ruler(100)], values: {} },
    { labels: ['malignant'], shapes: [square(80, 80), ruler(100)], values: {} },
  ],
  second: [
    { labels: ['normal'], shapes: [square(80, 40), ruler(100)], values: {} },
    { labels: ['benign'], shapes: [square(80, 80), ruler(100)], values: {} },
    { labels: ['malignant'], shapes: [square(80, 80), ruler(100)], values: {} },
    { labels: ['malignant'], shapes: [square(80, 80), ruler(60)], values: {} },
  ],
};

let admin: MedlabelClient;
let researcher: UserFixture;
let researcherApi: MedlabelClient;
let readers: { user: UserFixture; api: MedlabelClient }[];
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  researcher = await createUser(admin, 'researcher');
  researcherApi = await apiAs(baseUrl, researcher);
  readers = [];
  for (let i = 0; i < 2; i++) {
    const user = await createUser(admin, 'annotator');
    readers.push({ user, api: await apiAs(baseUrl, user) });
  }
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, researcher);
});

afterAll(async () => {
  await browser?.close();
});

describe('a reading study', () => {
  it('shows the agreement of two readers, adjudicates their disagreement and exports the reference', async () => {
    const template = await createTemplate(researcherApi, definition);
    const imageIds = await uploadImages(researcherApi, 4, {
      metadata: { pixelSpacing: [0.5, 0.5] },
    });
    const collection = await createCollection(researcherApi, {
      templateId: template.id,
      imageIds,
      annotators: readers.map((r) => r.user.id),
      readersPerImage: 2,
    });
    for (const [which, reader] of [
      ['first', readers[0]!],
      ['second', readers[1]!],
    ] as const) {
      for (const [i, imageId] of imageIds.entries()) {
        unwrap(
          await reader.api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
            params: { path: { collectionId: collection.id, imageId } },
            body: { payload: READINGS[which][i]!, status: 'submitted', timeSpentMs: 1000 },
          }),
        );
      }
    }

    const { page } = browser;
    const pending = (text: string) =>
      page.getByTestId('adjudication-pending').filter({ hasText: text }).waitFor();
    await page.goto(`${baseUrl}/collections/${collection.id}`);
    await page.getByRole('link', { name: 'Agreement', exact: true }).click();
    await page.getByRole('heading', { name: 'Agreement between readers' }).waitFor();
    const cell = (testId: string) => page.getByTestId(testId).textContent();
    // Labels: po = 3/4, pe = (1·1 + 2·1 + 1·2) / 16 = 5/16, kappa = 7/11.
    expect(await cell('labels-percent')).toBe('75.0%');
    expect(await cell('labels-kappa-0-1')).toMatch(/^0\.64 \(/);
    // Contours: Dice 2/3 on image 0 and 1 on the others, mean 11/12.
    expect(await cell('tool:lesion-dice-0-1')).toMatch(/^0\.92 \(/);
    // Against the consensus contour (two readers: what both filled, the 80 x 40 px half on
    // image 0): the first reader's Dice is 2/3 there and 1 elsewhere, the second's always 1.
    expect(await cell('tool:lesion-dice-vs-consensus-0')).toMatch(/^0\.92 \(/);
    expect(await cell('tool:lesion-dice-vs-consensus-1')).toMatch(/^1\.00 \(/);
    expect(await cell('agreement-methods')).toContain(
      'The consensus contour of each image was the boundary of the region more than half of its readers outlined',
    );
    // The diameter in mm (0.5 mm per pixel): 20 mm apart on image 3 only, so the bias is 5 mm.
    expect(await cell('tool:diameter-bias-0-1')).toMatch(/^5\.00 \(/);
    expect(await page.getByRole('img', { name: /Bland-Altman plot of Diameter/ }).count()).toBe(1);
    expect(await cell('agreement-methods')).toContain(
      "Cohen's kappa between readers 1 and 2 was 0.64",
    );
    expect(await cell('agreement-disagreements')).toBe('3');

    // The label disagreement goes to adjudication; the researcher takes the second reading.
    await page.getByTestId('agreement-disagreements').getByRole('link').click();
    await pending('3 of 3 to decide');
    await page.getByRole('link', { name: `Image ${imageIds[2]}` }).click();
    await page
      .getByTestId('adjudication-reasons')
      .filter({ hasText: 'benign vs malignant' })
      .waitFor();
    const second = page.getByRole('article', { name: `Reading of ${readers[1]!.user.name}` });
    expect(await page.getByRole('img', { name: /as E2E annotator/ }).count()).toBe(2);
    await second.getByRole('button', { name: 'Use this reading' }).click();
    await pending('2 of 3 to decide');

    const exported = unwrap(
      await researcherApi.GET('/api/collections/{id}/export.json', {
        params: { path: { id: collection.id } },
      }),
    );
    const readings = unwrap(
      await researcherApi.GET('/api/collections/{id}/adjudication/{imageId}', {
        params: { path: { id: collection.id, imageId: imageIds[2]! } },
      }),
    ).readings;
    const secondReading = readings.find((r) => r.reader.id === readers[1]!.user.id)!;
    expect(exported.references).toEqual([
      expect.objectContaining({
        imageId: imageIds[2],
        method: 'picked',
        fromAnnotationIds: [secondReading.annotationId],
        decidedBy: researcher.email,
        payload: expect.objectContaining({ labels: ['malignant'] }) as unknown,
      }),
    ]);

    // The contour disagreement: the researcher starts from the consensus contour (what both
    // readers filled: 80 x 40 px), moves its corner (140, 100) to (150, 110) and saves it.
    await page.getByRole('link', { name: `Image ${imageIds[0]}` }).click();
    await page.getByTestId('adjudication-reasons').filter({ hasText: 'Dice 0.67' }).waitFor();
    await page.getByRole('button', { name: 'Edit from the consensus contour' }).click();
    await page.locator('[data-testid="viewer"][data-fitted="true"]').waitFor();
    await page.getByTestId('viewer').scrollIntoViewIfNeeded();
    await dragImage(page, { x: 140, y: 100 }, { x: 150, y: 110 });
    await page.getByRole('button', { name: 'Save as reference' }).click();
    await pending('1 of 3 to decide');
    const edited = unwrap(
      await researcherApi.GET('/api/collections/{id}/adjudication/{imageId}', {
        params: { path: { id: collection.id, imageId: imageIds[0]! } },
      }),
    );
    expect(edited.reference).toMatchObject({
      method: 'edited',
      fromAnnotationIds: edited.readings.map((r) => r.annotationId),
      decidedBy: researcher.email,
    });
    const contour = edited.reference!.payload.shapes.find((s) => s.tool === 'lesion')!;
    const corners = contour.points.map((p) => [Math.round(p.x), Math.round(p.y)].join(','));
    expect(corners.sort()).toEqual(['140,60', '150,110', '60,100', '60,60']);

    // The report's JSON export: the edited reference wins over image 0's consensus contour, with
    // its provenance; the other images keep their consensus contour.
    const report = unwrap(
      await researcherApi.GET('/api/collections/{id}/agreement.json', {
        params: { path: { id: collection.id } },
      }),
    );
    const [decided, ...others] = report.contours;
    expect(decided).toMatchObject({
      imageId: imageIds[0],
      tool: 'lesion',
      source: 'reference',
      points: contour.points,
      reference: { method: 'edited', decidedBy: researcher.email },
    });
    expect(decided!.consensus!.readers.map((r) => r.dice.toFixed(3))).toEqual(['0.667', '1.000']);
    expect(others.map((c) => [c.imageId, c.source])).toEqual([
      [imageIds[1], 'consensus'],
      [imageIds[2], 'reference'],
      [imageIds[3], 'consensus'],
    ]);
  });
});
