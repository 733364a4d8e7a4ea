import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates, type Shape } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  multiFrameImage,
  storedAnnotation,
  uploadImages,
  type UserFixture,
} from './support/fixtures.js';
import {
  clickImage,
  dragImage,
  openWorkspace,
  pagePoint,
  signIn,
  viewerCamera,
} from './support/pages.js';

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

async function storedShapes(
  collectionId: number,
  imageId: number,
): Promise<{ status: string; shapes: Shape[] }> {
  const mine = await storedAnnotation(admin, collectionId, imageId, annotator.id);
  if (!mine) throw new Error('nothing stored');
  return { status: mine.status, shapes: mine.payload.shapes };
}

async function setup(
  definition: (typeof exampleTemplates)[keyof typeof exampleTemplates],
  metadata?: Record<string, unknown>,
) {
  const template = await createTemplate(admin, definition);
  const imageIds = await uploadImages(admin, 2, metadata ? { metadata } : {});
  const collection = await createCollection(admin, {
    templateId: template.id,
    imageIds,
    annotators: [annotator.id],
  });
  await openWorkspace(browser.page, baseUrl, collection.id, imageIds[0]);
  return { collectionId: collection.id, imageId: imageIds[0]! };
}

function expectPoint(
  actual: { x: number; y: number } | undefined,
  expected: { x: number; y: number },
): void {
  expect(actual?.x).toBeCloseTo(expected.x, 0);
  expect(actual?.y).toBeCloseTo(expected.y, 0);
}

describe('drawing tools', () => {
  it('draws a polygon, closes it on its first vertex and moves a vertex', async () => {
    const { page } = browser;
    const { collectionId, imageId } = await setup(exampleTemplates.lesionContour);
    const corners = [
      { x: 60, y: 60 },
      { x: 180, y: 60 },
      { x: 180, y: 180 },
      { x: 60, y: 180 },
    ];
    for (const corner of corners) await clickImage(page, corner);
    await clickImage(page, corners[0]!); // closes the polygon
    await dragImage(page, corners[2]!, { x: 200, y: 210 });
    await page.getByLabel('Number of lesions').fill('1');
    await page.getByRole('button', { name: /Submit & next/ }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

    const { status, shapes } = await storedShapes(collectionId, imageId);
    expect(status).toBe('submitted');
    expect(shapes).toHaveLength(1);
    const polygon = shapes[0]!;
    expect(polygon).toMatchObject({ kind: 'polygon', tool: 'contour', label: 'Lesion' });
    expect(polygon.points).toHaveLength(4);
    expectPoint(polygon.points[0], corners[0]!);
    expectPoint(polygon.points[2], { x: 200, y: 210 });
  });

  it('places named keypoints', async () => {
    const { page } = browser;
    const { collectionId, imageId } = await setup(exampleTemplates.cardiacLandmarks);
    const names =
      exampleTemplates.cardiacLandmarks.tools[0]!.kind === 'keypoint'
        ? exampleTemplates.cardiacLandmarks.tools[0]!.keypoints
        : [];
    const spots = [
      { x: 128, y: 40 },
      { x: 90, y: 200 },
      { x: 170, y: 200 },
    ];
    for (const [i, spot] of spots.entries()) {
      await page.getByLabel('Point').selectOption(names[i]!.name);
      await clickImage(page, spot);
    }
    await page.getByRole('button', { name: /Submit & next/ }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const { status, shapes } = await storedShapes(collectionId, imageId);
    expect(status).toBe('submitted');
    expect(shapes.map((s) => (s.kind === 'keypoint' ? s.name : null))).toEqual(
      names.map((n) => n.name),
    );
    shapes.forEach((s, i) => expectPoint(s.points[0], spots[i]!));
  });

  it('moves on to the next point name after each click', async () => {
    const { page } = browser;
    const { collectionId, imageId } = await setup(exampleTemplates.cardiacLandmarks);
    const tool = exampleTemplates.cardiacLandmarks.tools[0]!;
    const names = tool.kind === 'keypoint' ? tool.keypoints.map((k) => k.name) : [];
    const spots = [
      { x: 128, y: 40 },
      { x: 90, y: 200 },
      { x: 170, y: 200 },
    ];
    expect(await page.getByLabel('Point').inputValue()).toBe(names[0]);
    for (const [i, spot] of spots.entries()) {
      await clickImage(page, spot);
      if (i + 1 < names.length)
        await expect.poll(() => page.getByLabel('Point').inputValue()).toBe(names[i + 1]);
    }
    await page.getByRole('button', { name: /Submit & next/ }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const { status, shapes } = await storedShapes(collectionId, imageId);
    expect(status).toBe('submitted');
    expect(shapes.map((s) => (s.kind === 'keypoint' ? s.name : null))).toEqual(names);
  });

  it('names a missing required drawing by its tool title, without a JSON pointer', async () => {
    const { page } = browser;
    await setup(exampleTemplates.lesionContour);
    await page.getByLabel('Number of lesions').fill('1');
    await page.getByRole('button', { name: /Submit & next/ }).click();
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').allTextContents()).toEqual([
      'Contour is required: draw at least one shape',
    ]);
  });

  it('measures with the ruler in mm on an image with a pixel spacing', async () => {
    const { page } = browser;
    const { collectionId, imageId } = await setup(exampleTemplates.lengthMeasurement, {
      pixelSpacing: [0.5, 0.5],
    });
    await dragImage(page, { x: 40, y: 50 }, { x: 160, y: 210 }); // 200 px -> 100 mm
    const measurement = page.getByTestId('measurement').first();
    await measurement.waitFor();
    expect(await measurement.getAttribute('data-unit')).toBe('mm');
    // Named as the template names the tool ("Diameter"), not by its id ("diameter").
    expect(await measurement.textContent()).toMatch(/^Diameter length: /);
    expect(Number(await measurement.getAttribute('data-value'))).toBeCloseTo(100, 0);
    await page.getByRole('button', { name: /Submit & next/ }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const { shapes } = await storedShapes(collectionId, imageId);
    const ruler = shapes[0]!;
    expect(ruler.kind).toBe('ruler');
    const [a, b] = ruler.points;
    const mm = Math.hypot((b!.x - a!.x) * 0.5, (b!.y - a!.y) * 0.5);
    expect(mm).toBeCloseTo(100, 0);
  });

  it('plays and steps through the frames of a multi-frame image and draws on the frame shown', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.cardiacLandmarks);
    const [uploaded] = await uploadImages(admin, 1, { offset: 70 });
    const cine = await multiFrameImage(admin, uploaded!, 3);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [cine],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, cine);
    const frame = page.locator('output[aria-label="Frame"]');
    expect(await frame.textContent()).toBe('1 / 3');
    await page.getByRole('button', { name: 'Next frame' }).click();
    expect(await frame.textContent()).toBe('2 / 3');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => frame.textContent()).not.toBe('2 / 3');
    await page.getByRole('button', { name: 'Pause' }).click();
    while ((await frame.textContent()) !== '2 / 3')
      await page.getByRole('button', { name: 'Next frame' }).click();
    await clickImage(page, { x: 100, y: 100 });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const { shapes } = await storedShapes(collection.id, cine);
    expect(shapes).toMatchObject([{ kind: 'keypoint', frame: 1 }]);
  });

  it('zooms with buttons and the wheel, pans with the hand tool, and still draws where it points', async () => {
    const { page } = browser;
    const { collectionId, imageId } = await setup(exampleTemplates.cardiacLandmarks);
    // The viewer fits the image once it has a size; read the camera after that (a cold run
    // once read it before and compared the zoom with the unfitted one).
    await page.locator('[data-testid="viewer"][data-fitted="true"]').waitFor();
    const fitted = await viewerCamera(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await viewerCamera(page);
    expect(zoomed.zoom).toBeCloseTo(fitted.zoom * 1.25, 5);
    const anchor = await pagePoint(page, { x: 128, y: 128 });
    await page.mouse.move(anchor.x, anchor.y);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await viewerCamera(page)).zoom).toBeGreaterThan(zoomed.zoom);
    const wheeled = await viewerCamera(page);
    const after = await pagePoint(page, { x: 128, y: 128 });
    expect(after.x).toBeCloseTo(anchor.x, 0); // the point under the pointer stays put
    expect(after.y).toBeCloseTo(anchor.y, 0);

    await page.getByRole('button', { name: 'Pan' }).click();
    await page.mouse.move(anchor.x, anchor.y);
    await page.mouse.down();
    await page.mouse.move(anchor.x - 80, anchor.y - 40, { steps: 4 });
    await page.mouse.up();
    const panned = await viewerCamera(page);
    expect(panned.x).toBeCloseTo(wheeled.x - 80, 0);
    expect(panned.y).toBeCloseTo(wheeled.y - 40, 0);

    await page.getByRole('button', { name: /Landmarks/ }).click();
    await clickImage(page, { x: 150, y: 100 });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const { status, shapes } = await storedShapes(collectionId, imageId);
    expect(status).toBe('draft');
    expectPoint(shapes[0]?.points[0], { x: 150, y: 100 });

    await page.getByRole('button', { name: 'Fit' }).click();
    expect(await viewerCamera(page)).toEqual(fitted);
  });
});
