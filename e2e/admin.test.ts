import type { MedlabelClient } from '@medlabel/api-client';
import { exampleTemplates } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import {
  createCollection,
  createTemplate,
  createUser,
  unique,
  uploadImages,
} from './support/fixtures.js';
import { fashionMnistPngs } from './support/images.js';
import { signIn } from './support/pages.js';

const baseUrl = inject('baseUrl');
let admin: MedlabelClient;
let browser: Browser;

beforeAll(async () => {
  admin = await apiAs(baseUrl, inject('admin'));
  browser = await launchBrowser();
  await signIn(browser.page, baseUrl, inject('admin'));
});

afterAll(async () => {
  await browser?.close();
});

describe('researcher and admin screens', () => {
  it('creates a user, sets role and expertise, and deactivates the account', async () => {
    const { page } = browser;
    const email = `${unique('reader')}@e2e.test`;
    await page.goto(`${baseUrl}/users`);
    await page.getByText('Create a user').click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('New Reader');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Add expertise' }).click();
    await page.getByLabel('Specialty').selectOption('cardiology');
    await page.getByLabel('Modality').selectOption('US');
    await page.getByLabel('Level').selectOption('advanced');
    await page.getByRole('button', { name: 'Create user' }).click();
    expect(await page.getByTestId('user-created').textContent()).toContain(
      `Created New Reader (annotator), who signs in as ${email}`,
    );
    const row = page.locator(`[data-user-email="${email}"]`);
    await row.waitFor();
    const login = (password: string) =>
      fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });

    // The admin resets the password: the new one signs in, the old one no longer does.
    await row.getByRole('button', { name: `Edit ${email}` }).click();
    await row.getByLabel('New password').fill('another long password');
    await row.getByRole('button', { name: 'Reset password' }).click();
    await row.getByText('New password set for New Reader').waitFor();
    expect((await login('another long password')).status).toBe(200);
    expect((await login('a long enough password')).status).toBe(401);

    await row.getByLabel('Role').selectOption('researcher');
    await row.getByLabel('Active').uncheck();
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('deactivated').waitFor();

    const users = unwrap(await admin.GET('/api/users', { params: { query: { limit: 500 } } }));
    expect(users.find((u) => u.email === email)).toMatchObject({
      role: 'researcher',
      active: false,
      expertise: [{ specialty: 'cardiology', modality: 'US', level: 'advanced' }],
    });
    expect((await login('another long password')).status).toBeGreaterThanOrEqual(400);
  });

  it('imports images by a CSV URL list and by upload', async () => {
    const { page } = browser;
    const [existing] = await uploadImages(admin, 1, { offset: 90 });
    const image = unwrap(
      await admin.GET('/api/images/{id}', { params: { path: { id: existing! } } }),
    );
    const modality = `C${Date.now().toString(36).slice(-5).toUpperCase()}`;
    await page.goto(`${baseUrl}/images`);
    await page
      .getByLabel(/CSV \(header/)
      .fill(
        `url,width,height,modality\n${image.url},256,256,${modality}\n${image.url},256,256,${modality}`,
      );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 2 image(s).').waitFor();
    const [png] = await fashionMnistPngs(1, 128, 91);
    await page
      .getByLabel('PNG, JPEG or DICOM files')
      .setInputFiles({ name: 'item.png', mimeType: 'image/png', buffer: png! });
    await page.getByLabel('Modality (optional)').fill(modality);
    await page.getByRole('button', { name: 'Upload 1 file(s)' }).click();
    await page.getByText('1 file(s): 1 stored, 0 duplicate(s), 0 refused.').waitFor();
    const found = unwrap(
      await admin.GET('/api/search', { params: { query: { q: `modality:${modality}` } } }),
    );
    if (found.type !== 'image') throw new Error(`expected images, got ${found.type}`);
    expect(found.items.map((i) => i.width).sort((a, b) => a - b)).toEqual([128, 256, 256]);
  });

  it('creates a template in the builder with a live preview', async () => {
    const { page } = browser;
    const name = unique('Built template');
    await page.goto(`${baseUrl}/templates/new`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Labels: name of label 1').fill('benign');
    await page.getByLabel('Labels: name of label 2').fill('malignant');
    await page
      .getByRole('group', { name: 'Labels', exact: true })
      .getByRole('button', { name: 'Add label' })
      .click();
    await page.getByLabel('Labels: name of label 3').fill('unclear');
    await page.getByLabel('Labels: hotkey of label 3').fill('u');
    await page.getByLabel('Labels: colour of label 3').fill('#ff8800');
    await page.getByRole('button', { name: 'Add polygon' }).click();
    await page.getByRole('button', { name: 'Add keypoint' }).click();
    const keypoints = page.getByRole('group', { name: 'Keypoints of Keypoint 2' });
    await keypoints.getByLabel('name of keypoint 1').fill('apex');
    await keypoints.getByRole('button', { name: 'Add keypoint' }).click();
    await keypoints.getByLabel('name of keypoint 2').fill('base, left');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByRole('button', { name: 'Add select' }).click();
    const options = page.getByRole('group', { name: 'Options of Field 2' });
    await options.getByLabel('name of option 2').fill('unsure');
    await options.getByRole('button', { name: 'Add option' }).click();
    await options.getByLabel('name of option 3').fill('no');
    const preview = page.getByRole('region', { name: 'Live preview' });
    await preview.getByRole('radio', { name: /malignant/ }).waitFor();
    await preview.locator('[data-preview-tool="polygon1"]').waitFor();
    expect(await page.getByTestId('preview-shortcuts').textContent()).toContain('u label unclear');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: `Template: ${name}` }).waitFor();

    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = unwrap(await admin.GET('/api/templates/{id}', { params: { path: { id } } }));
    const definition = stored.definition;
    expect(stored.version).toBe(1);
    expect(definition.classification?.labels).toEqual([
      { name: 'benign' },
      { name: 'malignant' },
      { name: 'unclear', hotkey: 'u', color: '#ff8800' },
    ]);
    expect(definition.tools).toMatchObject([
      { kind: 'polygon', id: 'polygon1' },
      // One row per keypoint: a name may hold a comma.
      { kind: 'keypoint', id: 'keypoint2', keypoints: [{ name: 'apex' }, { name: 'base, left' }] },
    ]);
    expect(definition.fields).toMatchObject([
      { kind: 'number', id: 'field1' },
      { kind: 'select', id: 'field2', options: ['yes', 'unsure', 'no'] },
    ]);

    // Saving again makes version 2; both versions are listed.
    await page.getByRole('button', { name: 'Add checkbox' }).click();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByText('Version 1', { exact: false }).first().waitFor();
    const updated = unwrap(await admin.GET('/api/templates/{id}', { params: { path: { id } } }));
    expect(updated.version).toBe(2);
    expect(updated.definition.fields).toHaveLength(3);
  });

  it('starts a template from an example and saves it under a new name', async () => {
    const { page } = browser;
    const example = exampleTemplates.lesionContour;
    const name = unique('From example');
    await page.goto(`${baseUrl}/templates/new`);
    await page.getByLabel('Start from an example').selectOption({ label: example.name });
    await expect
      .poll(() => page.getByLabel('Name', { exact: true }).inputValue())
      .toBe(example.name);
    const preview = page.getByRole('region', { name: 'Live preview' });
    await preview.locator('[data-preview-tool="contour"]').waitFor();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: `Template: ${name}` }).waitFor();

    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = unwrap(await admin.GET('/api/templates/{id}', { params: { path: { id } } }));
    expect(stored.definition).toEqual({ ...example, name });
  });

  it('names template problems as the template does and asks for the required modality', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/templates/new`);
    await page.getByLabel('Name', { exact: true }).fill(unique('Problems'));
    await page.getByLabel('Labels: name of label 1').fill('benign');
    await page.getByLabel('Labels: hotkey of label 1').fill('x');
    await page.getByRole('button', { name: 'Add polygon' }).click();
    await page.getByLabel('Hotkey', { exact: true }).fill('x');
    const problems = page.getByTestId('template-problems');
    await problems.getByText('duplicate hotkey "x": already used by label "benign"').waitFor();
    expect(await problems.textContent()).toMatch(/Tool "[^"]+", hotkey: duplicate hotkey/);
    expect(await problems.textContent()).not.toContain('/tools');
    await page.getByLabel('Hotkey', { exact: true }).fill('');

    // A specialty asks for its modality instead of quietly taking "US".
    await page.getByLabel('Specialty').selectOption('radiology');
    expect(await page.getByLabel('Modality').inputValue()).toBe('');
    await problems.getByText('Required expertise, modality: must not be empty').waitFor();
    expect(await page.getByRole('button', { name: 'Create template' }).isDisabled()).toBe(true);
  });

  it('opens a created template without showing a blank form first', async () => {
    const { page } = browser;
    const name = unique('No flash');
    await page.goto(`${baseUrl}/templates/new`);
    await page.getByLabel('Start from an example').selectOption({
      label: exampleTemplates.lesionContour.name,
    });
    await page.getByLabel('Name', { exact: true }).fill(name);
    // Records every state of the page on the way to the new template's URL.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const record = () => {
        if (!/^\/templates\/\d+$/.test(location.pathname)) return;
        const input = document.querySelector<HTMLInputElement>('form[aria-label] input[type=text]');
        seen.push(`${document.querySelector('h1')?.textContent} | ${input ? input.value : '-'}`);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true });
    });
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: `Template: ${name}` }).waitFor();
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.includes('New template') || s.endsWith(' | '))).toEqual([]);
  });

  it('builds a collection from a search', async () => {
    const { page } = browser;
    const modality = `X${Date.now().toString(36).slice(-4).toUpperCase()}`;
    const wanted = await uploadImages(admin, 3, { modality, offset: 20 });
    await uploadImages(admin, 2, { modality: 'OT', offset: 30 });
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const name = unique('From search');

    await page.goto(`${baseUrl}/collections`);
    await page.getByLabel('Images matching').fill(`modality:${modality}`);
    await page.getByText('3 image(s) found').waitFor();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Template').selectOption(String(template.id));
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.getByRole('heading', { name }).waitFor();

    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const items = unwrap(
      await admin.GET('/api/collections/{id}/images', {
        params: { path: { id }, query: { limit: 100 } },
      }),
    ).items;
    expect(items.map((i) => i.image.id).sort()).toEqual([...wanted].sort());
  });

  it('removes an annotated image only after the user agrees to discard its annotations', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 2, { offset: 60 });
    const reader = await createUser(admin, 'annotator');
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [reader.id],
    });
    const readerApi = await apiAs(baseUrl, reader);
    unwrap(
      await readerApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: collection.id, imageId: imageIds[0]! } },
        body: { payload: { labels: ['Bag'], shapes: [], values: {} }, status: 'submitted' },
      }),
    );
    await page.goto(`${baseUrl}/collections/${collection.id}`);
    const form = page.getByRole('form', { name: 'Remove images' });
    await form.getByLabel('Image ids (comma-separated)').fill(String(imageIds[0]));
    await form.getByRole('button', { name: 'Remove from collection' }).click();
    await form
      .getByRole('alert')
      .getByText(/^1 annotation of these images/)
      .waitFor();
    const count = async () =>
      unwrap(await admin.GET('/api/collections/{id}', { params: { path: { id: collection.id } } }))
        .imageCount;
    expect(await count()).toBe(2);

    await form.getByRole('button', { name: 'Remove them and discard their annotations' }).click();
    await form.getByText('Removed 1 image(s) and discarded 1 annotation(s).').waitFor();
    expect(await count()).toBe(1);
  });

  it('assigns annotators automatically by expertise', async () => {
    const { page } = browser;
    const expert = await createUser(admin, 'annotator', [
      { specialty: 'cardiology', modality: 'US', level: 'expert' },
    ]);
    const novice = await createUser(admin, 'annotator', [
      { specialty: 'cardiology', modality: 'US', level: 'novice' },
    ]);
    // A subspecialist counts for the specialty, and their synonym is put in the vocabulary's words.
    const echo = await createUser(admin, 'annotator', [
      { specialty: 'Echo', modality: 'us', level: 'advanced' },
    ]);
    const template = await createTemplate(admin, {
      ...exampleTemplates.fashionMnist,
      requiredExpertise: { specialty: 'cardiology', modality: 'US', minimumLevel: 'advanced' },
    });
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: await uploadImages(admin, 2, { offset: 40 }),
    });
    await page.goto(`${baseUrl}/collections/${collection.id}`);
    await page.getByLabel('Annotators to add automatically').fill('5');
    await page.getByRole('button', { name: 'Assign by expertise' }).click();
    const summary = page.getByTestId('assign-result');
    await summary.waitFor();
    await page.locator(`[data-assigned-email="${expert.email}"]`).waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('The template requires cardiology, US, at least advanced.');
    expect(text).toContain(`${expert.name} — cardiology, US, expert`);
    expect(text).toContain(`${echo.name} — echocardiography (part of cardiology), US, advanced`);
    expect(text).toContain('Each of the 2 images needs 1 reader;');
    expect(text).not.toMatch(/[{}[\]]/);
    await summary.getByText(/^Not chosen: /).click();
    await summary.getByText(`${novice.name} — cardiology, US, novice: below advanced`).waitFor();

    const assigned = unwrap(
      await admin.GET('/api/collections/{id}/assignments', {
        params: { path: { id: collection.id } },
      }),
    );
    const emails = assigned.map((a) => a.email);
    expect(emails).toContain(expert.email);
    expect(emails).not.toContain(novice.email);
    expect(await page.locator(`[data-assigned-email="${novice.email}"]`).count()).toBe(0);
  });

  it('shows the progress report with a chart and exports it', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const imageIds = await uploadImages(admin, 3, { offset: 50 });
    const reader = await createUser(admin, 'annotator');
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [reader.id],
    });
    const readerApi = await apiAs(baseUrl, reader);
    for (const [i, imageId] of imageIds.slice(0, 2).entries()) {
      unwrap(
        await readerApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId } },
          body: {
            payload: { labels: ['Bag'], shapes: [], values: {} },
            status: i === 0 ? 'submitted' : 'draft',
            timeSpentMs: 4000,
          },
        }),
      );
    }
    const report = unwrap(
      await admin.GET('/api/collections/{id}/report', { params: { path: { id: collection.id } } }),
    );
    await page.goto(`${baseUrl}/collections/${collection.id}/report`);
    await page.getByTestId('report-summary').waitFor();
    expect(await page.getByTestId('report-images').textContent()).toBe(String(report.images));
    expect(await page.getByTestId('report-done').textContent()).toBe(String(report.done));
    expect(report.done).toBe(1);
    await page.getByRole('img', { name: 'Images by status' }).waitFor();
    const row = page.locator(`[data-annotator-email="${reader.email}"]`);
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    const csv = await page.request.get(`${baseUrl}/api/collections/${collection.id}/report.csv`);
    expect(csv.ok()).toBe(true);
    expect(await csv.text()).toContain(reader.email);
  });
});
