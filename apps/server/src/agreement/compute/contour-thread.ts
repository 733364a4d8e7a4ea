// A study's contour work shared between two threads: the agreement thread hands the second half
// of the images' contours (parse, prepare, pairs, consensus) to a helper thread, computes the
// first half itself, and aggregates both in image order: the same report as on one thread.
import type { PixelSpacing } from '@medlabel/geometry';
import type { Reply } from '../../threads/answer-once.js';
import { typescriptWorker } from '../../threads/typescript-worker.js';
import {
  analyseStudy,
  contourToolsOf,
  parsePayloads,
  studySpacings,
  type StudyInput,
  type StudyOutput,
} from './analysis.js';
import { contoursOfImage, type ImageContours } from './image-contours.js';

const ENTRY = new URL('./contour.worker.ts', import.meta.url);

/** What the agreement thread is asked: a study, and whether to share its contours out. */
export interface AgreementJob {
  readonly input: StudyInput;
  readonly shareContours: boolean;
  /** the helper thread's heap limit, as the agreement thread's */
  readonly maxHeapMb: number;
}

/** What the helper thread is asked: the polygon tools, and its images' readings (JSON). */
export interface ContourJob {
  readonly tools: readonly string[];
  readonly images: readonly {
    readonly spacing: PixelSpacing;
    readonly readings: readonly (string | null)[];
  }[];
}

/** Each image's contours of `job`, computed on a helper thread (ended with the answer). */
function contoursOnThread(job: ContourJob, maxHeapMb: number): Promise<(ImageContours | null)[][]> {
  return new Promise((resolve, reject) => {
    const worker = typescriptWorker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.once('message', (reply: Reply<(ImageContours | null)[][]>) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.output);
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the contour thread exited with code ${code}`)));
    worker.postMessage(job);
  });
}

/** The study's analysis, its images' contours computed half here, half on a helper thread. */
export async function analyseSharingContours(
  input: StudyInput,
  maxHeapMb: number,
): Promise<StudyOutput> {
  const tools = contourToolsOf(input.definition);
  if (tools.length === 0) return analyseStudy(input);
  const spacings = studySpacings(input.images);
  const half = Math.ceil(input.images.length / 2);
  const theirs = contoursOnThread(
    {
      tools,
      images: input.images
        .slice(half)
        .map((image, k) => ({ spacing: spacings[half + k] ?? [1, 1], readings: image.readings })),
    },
    maxHeapMb,
  );
  const payloads = parsePayloads(input);
  const own = payloads
    .slice(0, half)
    .map((readings, image) => contoursOfImage(tools, readings, spacings[image] ?? [1, 1]));
  return analyseStudy(input, { payloads, contours: [...own, ...(await theirs)] });
}
