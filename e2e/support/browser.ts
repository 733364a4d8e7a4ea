import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumInstall } from './chromium.js';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** A fresh Chromium profile (no cookies, no storage) at 1280x800. */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const { executablePath, env } = await chromiumInstall();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    ...(env && { env }),
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
