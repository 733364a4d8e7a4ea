import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './support/browser.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('login page', () => {
  it('asks nobody who is signed in when no session exists, so the console stays clean', async () => {
    const { page } = browser;
    const unauthorized: string[] = [];
    const consoleErrors: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 401) unauthorized.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(baseUrl);
    await page.getByLabel('Email').waitFor();
    await page.reload();
    await page.getByLabel('Email').waitFor();
    expect(unauthorized).toEqual([]);
    expect(consoleErrors).toEqual([]);

    // A session is still found on the next visit.
    await signIn(page, baseUrl, inject('admin'));
    await page.reload();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    expect(unauthorized).toEqual([]);
  });
});
