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
