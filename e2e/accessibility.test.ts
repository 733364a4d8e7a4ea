import fs from 'node:fs';
import path from 'node:path';
import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { axeAudit, axeTable, type AxeAudit } from './support/axe.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  multiFrameImage,
  unique,
  uploadImages,
} from './support/fixtures.js';
import { garmentCollection } from './support/loop-fixtures.js';
import { openWorkspace, signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');

/** The web app's route patterns, as apps/web/src/routes.tsx declares them, in its order. */
const ROUTES = [
  ...fs
    .readFileSync(path.resolve(import.meta.dirname, '../apps/web/src/routes.tsx'), 'utf8')
    .matchAll(/\[\s*'(\/[^']*)',/g),
].map((m) => m[1]!);

/**
 * A page to audit: its address (the route itself when it has no parameters) and what says it
 * has finished loading, beyond its heading and an idle network.
 */
interface Screen {
  readonly url?: string;
  readonly ready?: (page: Page) => Promise<void>;
}

let admin: MedlabelClient;
let browser: Browser;
let screens: Record<string, Screen>;
let workspaceCollection: number;
const audits: AxeAudit[] = [];

/** Annotations by a model with a confidence, so review mode has cases to show. */
async function predict(collectionId: number, labels: Record<number, string>): Promise<void> {
  for (const [imageId, label] of Object.entries(labels)) {
    unwrap(
      await admin.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId, imageId: Number(imageId) } },
        body: {
          payload: { labels: [label], shapes: [], values: {} },
          status: 'submitted',
          model: 'cnn-round-1',
          confidence: 0.6,
        },
      }),
    );
  }
}

/** Two readers of a single-choice collection who disagree on its first image. */
async function readingStudy(): Promise<{ collectionId: number; disputed: number }> {
  const readers = [await createUser(admin, 'annotator'), await createUser(admin, 'annotator')];
  const template = await createTemplate(admin, exampleTemplates.fashionMnist);
  const imageIds = await uploadImages(admin, 2, { offset: 140 });
  const collection = await createCollection(admin, {
    templateId: template.id,
    imageIds,
    annotators: readers.map((r) => r.id),
    readersPerImage: 2,
  });
  for (const [r, reader] of readers.entries()) {
    const api = await apiAs(baseUrl, reader);
    for (const [i, imageId] of imageIds.entries()) {
      unwrap(
        await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: [i === 0 && r === 1 ? 'Coat' : 'Bag'], shapes: [], values: {} },
            status: 'submitted',
            timeSpentMs: 1000,
          },
        }),
      );
    }
  }
  return { collectionId: collection.id, disputed: imageIds[0]! };
}

/** A logistic-regression loop on real Fashion-MNIST pictures, its first model trained. */
async function trainedLoop(): Promise<number> {
  const annotator = await createUser(admin, 'annotator');
  const garments = await garmentCollection(
    admin,
    { id: annotator.id, client: await apiAs(baseUrl, annotator) },
    { perClass: 8, seedPerClass: 6 },
  );
  const loop = unwrap(
    await admin.POST('/api/loops', {
      body: {
        name: unique('Accessible loop'),
        collectionId: garments.collectionId,
        classifier: 'logreg',
        features: { kind: 'pixels', size: 28 },
        routing: { strategy: 'threshold', threshold: 0.9 },
        batchSize: 10,
        auditShare: 0.1,
        validationPerClass: 2,
        retrainPolicy: 'manual',
      },
    }),
  );
  return loop.id;
}

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  const me = unwrap(await admin.GET('/api/me'));
  const measurement = await createTemplate(admin, exampleTemplates.lengthMeasurement);
  const [cineSource, ...others] = await uploadImages(admin, 3, { offset: 110 });
  // The workspace opens on a multi-frame image: its cine controls are audited too.
  const collection = await createCollection(admin, {
    templateId: measurement.id,
    imageIds: [await multiFrameImage(admin, cineSource!, 3), ...others],
    annotators: [me.id],
  });
  const garmentsTemplate = await createTemplate(admin, exampleTemplates.fashionMnist);
  const garmentImages = await uploadImages(admin, 3, { offset: 130 });
  const review = await createCollection(admin, {
    templateId: garmentsTemplate.id,
    imageIds: garmentImages,
  });
  // Review mode opens on the template's first label.
  const first = exampleTemplates.fashionMnist.classification!.labels[0]!.name;
  await predict(review.id, { [garmentImages[0]!]: first, [garmentImages[1]!]: first });
  const study = await readingStudy();
  const loopId = await trainedLoop();
  workspaceCollection = collection.id;
  const c = `/collections/${collection.id}`;
  screens = {
    '/': {},
    '/collections/:id/annotate': {
      url: `${c}/annotate`,
      ready: (page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(),
    },
    '/collections/:id/review': {
      url: `/collections/${review.id}/review`,
      ready: (page) => page.locator('[data-review-image]').first().waitFor(),
    },
    '/collections/:id/report': { url: `${c}/report` },
    '/collections/:id/agreement': { url: `/collections/${study.collectionId}/agreement` },
    '/collections/:id/adjudication/:imageId': {
      url: `/collections/${study.collectionId}/adjudication/${study.disputed}`,
      ready: (page) => page.getByTestId('adjudication-reasons').waitFor(),
    },
    '/collections/:id/adjudication': { url: `/collections/${study.collectionId}/adjudication` },
    '/collections/:id': { url: c },
    '/collections': {},
    '/loops': {},
    '/loops/new': {},
    '/loops/:id': {
      url: `/loops/${loopId}`,
      ready: (page) =>
        page
          .locator('[data-testid="loop-phase"][data-phase="ready-to-prelabel"]')
          .waitFor({ timeout: 60_000 }),
    },
    '/images': {},
    '/sources': {},
    '/search': { url: '/search?q=modality:OT' },
    '/users': {},
    '/templates': {},
    '/templates/new': {},
    '/templates/:id': { url: `/templates/${measurement.id}` },
  };
  browser = await launchBrowser({ width: 1280, height: 800 });
  // The login page, before anyone signs in.
  await browser.page.goto(baseUrl);
  await browser.page.getByLabel('Email').waitFor();
  audits.push(await axeAudit(browser.page, 'login'));
  await signIn(browser.page, baseUrl, inject('admin'));
});

afterAll(async () => {
  console.log(`axe-core on every page (violated rules by impact):\n${axeTable(audits)}`);
  for (const audit of audits) {
    for (const violation of audit.violations) console.log(`${audit.page}: ${violation}`);
    if (audit.incomplete.length > 0)
      console.log(`${audit.page}: to check by hand: ${audit.incomplete.join(', ')}`);
  }
  await browser?.close();
});

describe('axe-core on every page at 1280x800', () => {
  it('audits every route the web app declares, and no other', () => {
    expect(Object.keys(screens).sort()).toEqual([...ROUTES].sort());
  });

  it('finds no serious or critical violation on the login page', () => {
    expect(audits.find((a) => a.page === 'login')?.blocking).toEqual([]);
  });

  it.each(ROUTES)(
    'finds no serious or critical violation on %s, which fits the width',
    async (route) => {
      const screen = screens[route];
      if (!screen)
        throw new Error(`no page to audit for the route ${route}: add it to the screens`);
      const { page } = browser;
      await page.goto(`${baseUrl}${screen.url ?? route}`);
      await page.locator('main h1').first().waitFor();
      await screen.ready?.(page);
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('heading', { name: 'Not found' }).count()).toBe(0);
      const audit = await axeAudit(page, screen.url ?? route);
      audits.push(audit);
      expect({ route, blocking: audit.blocking }).toEqual({ route, blocking: [] });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect({ route, overflow }).toEqual({ route, overflow: 0 });
    },
  );

  it('finds none in the workspace with its keyboard shortcuts open', async () => {
    const { page } = browser;
    await openWorkspace(page, baseUrl, workspaceCollection);
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    const audit = await axeAudit(page, 'workspace, ? shortcuts open');
    audits.push(audit);
    expect(audit.blocking).toEqual([]);
  });

  it('notices a serious violation: an unnamed field', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/collections`);
    await page.locator('main h1').first().waitFor();
    await page.evaluate(() =>
      document.querySelector('main')!.append(document.createElement('input')),
    );
    const audit = await axeAudit(page, 'an unnamed input added');
    expect(audit.blocking).toEqual([expect.stringMatching(/^critical label /)]);
  });

  it('keeps the collection page within the window when a user has a long name', async () => {
    const { page } = browser;
    const name = `Dr. ${'Maximiliane-Konstantina von Hohenzollern-Sigmaringen '.repeat(3)}`.trim();
    unwrap(
      await admin.POST('/api/users', {
        body: {
          email: `${unique('long-name')}@e2e.test`,
          name,
          password: 'a long e2e password',
          role: 'annotator',
          expertise: [],
        },
      }),
    );
    const template = await createTemplate(admin, exampleTemplates.lengthMeasurement);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: await uploadImages(admin, 1, { offset: 120 }),
    });
    await page.goto(`${baseUrl}/collections/${collection.id}`);
    const select = page.locator('select', { has: page.locator('option', { hasText: name }) });
    await select.waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBe(0);
    expect((await select.boundingBox())!.width).toBeLessThanOrEqual(400);
  });
});
