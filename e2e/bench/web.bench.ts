// npm run bench:web — the web app's speed goals, measured in Debian's Chromium:
// 1. frame time of the annotation canvas with a 1000-vertex polygon and 500 keypoints while
//    panning, zooming and changing window/level (goal: under 16 ms per frame);
// 2. opening a 10,000-image collection in the workspace and paging through it (goal: under
//    200 ms per page), against the real server on SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { exampleTemplates } from '@medlabel/schema';
import { apiAs, unwrap } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { createCollection, createTemplate, createUser, uploadImages } from '../support/fixtures.js';
import { signIn } from '../support/pages.js';
import { ADMIN, buildWebApp, startServer } from '../support/server.js';
import type { CanvasBenchResult } from './canvas-bench.js';

const FRAMES = 300;
const COLLECTION_SIZE = 10_000;
const PAGE_SIZE = 48;
const PAGE_TURNS = 20;

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return `mean ${mean.toFixed(2)} ms, p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms (n=${values.length})`;
}

async function canvasBench(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-bench-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      lib: {
        entry: path.join(import.meta.dirname, 'canvas-bench.ts'),
        formats: ['iife'],
        name: 'canvasBench',
        fileName: () => 'bench.js',
      },
    },
  });
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    await browser.page.setContent(
      '<canvas style="width:1200px;height:760px;display:block"></canvas>',
    );
    await browser.page.addScriptTag({ path: path.join(outDir, 'bench.js') });
    const result = await browser.page.evaluate(
      (frames) =>
        (
          window as unknown as {
            canvasBench: {
              runCanvasBench: (c: HTMLCanvasElement, n: number) => Promise<CanvasBenchResult>;
            };
          }
        ).canvasBench.runCanvasBench(document.querySelector('canvas')!, frames),
      FRAMES,
    );
    console.log('Canvas 1200x760, 1000-vertex polygon + 500 keypoints, 1024x1024 image:');
    console.log(`  pan          ${stats(result.pan)}`);
    console.log(`  zoom         ${stats(result.zoom)}`);
    console.log(`  window/level ${stats(result.windowLevel)}`);
  } finally {
    await browser.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function collectionBench(): Promise<void> {
  buildWebApp();
  const server = await startServer();
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    const admin = await apiAs(server.baseUrl, ADMIN);
    const annotator = await createUser(admin, 'annotator');
    const pictures = await Promise.all(
      (await uploadImages(admin, 10)).map(async (id) =>
        unwrap(await admin.GET('/api/images/{id}', { params: { path: { id } } })),
      ),
    );
    const seedStart = performance.now();
    const imageIds: number[] = [];
    for (let start = 0; start < COLLECTION_SIZE; start += 1000) {
      const images = Array.from({ length: Math.min(1000, COLLECTION_SIZE - start) }, (_, i) => {
        const p = pictures[(start + i) % pictures.length]!;
        return { url: p.url, width: p.width, height: p.height, modality: 'OT' };
      });
      imageIds.push(...unwrap(await admin.POST('/api/images', { body: { images } })).ids);
    }
    const template = await createTemplate(admin, exampleTemplates.fashionMnist);
    const collection = await createCollection(admin, {
      templateId: template.id,
      imageIds,
      annotators: [annotator.id],
    });
    console.log(
      `Seeded ${imageIds.length} images into one collection in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const { page } = browser;
    await signIn(page, server.baseUrl, annotator);
    await page.evaluate(
      (size) => localStorage.setItem('medlabel.pageSize', String(size)),
      PAGE_SIZE,
    );
    const url = `${server.baseUrl}/collections/${collection.id}/annotate`;
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await page.goto(url);
      await page.locator('.thumb.selected').waitFor();
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
      opens.push(performance.now() - start);
    }
    const turns: number[] = [];
    for (let i = 0; i < PAGE_TURNS; i++) {
      const first = await page.locator('.thumb').first().getAttribute('data-image-id');
      const start = performance.now();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForFunction((id) => {
        const thumb = document.querySelector('.thumb.selected');
        return (
          thumb !== null && document.querySelector('.thumb')?.getAttribute('data-image-id') !== id
        );
      }, first);
      turns.push(performance.now() - start);
    }
    const jumpStart = performance.now();
    await page.getByRole('button', { name: 'Last page' }).click();
    await page
      .getByTestId('page-indicator')
      .filter({ hasText: `Page ${Math.ceil(COLLECTION_SIZE / PAGE_SIZE)} of` })
      .waitFor();
    await page.locator('.thumb.selected').waitFor();
    const jump = performance.now() - jumpStart;
    console.log(
      `Workspace of a ${COLLECTION_SIZE}-image collection, ${PAGE_SIZE} thumbnails per page:`,
    );
    console.log(`  open (navigation to grid + first image ready) ${stats(opens)}`);
    console.log(`  next page (click to new grid rendered)        ${stats(turns)}`);
    console.log(`  jump to the last page                         ${jump.toFixed(1)} ms`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await canvasBench();
await collectionBench();
