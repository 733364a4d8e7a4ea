import type { Page } from 'playwright-core';

/** Signs in through the login page and waits for the task desktop. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
}

/** The grid frame status of an image in the workspace: annotated, draft or todo. */
export async function gridStatus(page: Page, imageId: number): Promise<string | null> {
  return page.locator(`[data-image-id="${imageId}"]`).getAttribute('data-status');
}

export interface Camera {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export async function viewerCamera(page: Page): Promise<Camera> {
  const text = await page.getByTestId('viewer').getAttribute('data-camera');
  return JSON.parse(text ?? 'null') as Camera;
}

/** The page coordinates of an image pixel under the viewer's current camera. */
export async function pagePoint(
  page: Page,
  image: { x: number; y: number },
): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('viewer').boundingBox();
  if (!box) throw new Error('the viewer is not visible');
  const camera = await viewerCamera(page);
  return {
    x: box.x + image.x * camera.zoom + camera.x,
    y: box.y + image.y * camera.zoom + camera.y,
  };
}

/** Clicks an image pixel in the viewer. */
export async function clickImage(page: Page, image: { x: number; y: number }): Promise<void> {
  const p = await pagePoint(page, image);
  await page.mouse.click(p.x, p.y);
}

/** Drags in the viewer from one image pixel to another, in a few steps. */
export async function dragImage(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const a = await pagePoint(page, from);
  const b = await pagePoint(page, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

/** Opens the workspace of a collection and waits until the first image is loaded and saved-clean. */
export async function openWorkspace(
  page: Page,
  baseUrl: string,
  collectionId: number,
  imageId?: number,
): Promise<void> {
  await page.goto(
    `${baseUrl}/collections/${collectionId}/annotate${imageId ? `?image=${imageId}` : ''}`,
  );
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
}
