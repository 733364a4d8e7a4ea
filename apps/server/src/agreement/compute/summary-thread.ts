// A study's analysis on the agreement thread: the images whose stored summary is not current
// are summarised first (a large share split with a helper thread: the two halves in parallel,
// put back in image order), then every summary is aggregated into the report.
import type { PixelSpacing } from '@medlabel/geometry';
import type { TemplateDefinition } from '@medlabel/schema';
import type { Reply } from '../../threads/answer-once.js';
import { typescriptWorker } from '../../threads/typescript-worker.js';
import {
  analyseStudy,
  studySpacings,
  type StudyInput,
  type StudyOutput,
  type Wanted,
} from './analysis.js';
import { elementsOf } from './elements.js';
import { summariseReadings, type StoredSummary } from './image-summary.js';

const ENTRY = new URL('./summary.worker.ts', import.meta.url);

/**
 * What the agreement thread is asked: a study, what to give besides the report (the stored
 * images' outlines come with them where `wanted.outlines`), and from how many images to
 * summarise it shares them out.
 */
export interface AgreementJob {
  readonly input: StudyInput;
  readonly wanted: Wanted;
  /** at least this many images to summarise: half go to a helper thread */
  readonly shareFrom: number;
  /** the helper thread's heap limit, as the agreement thread's */
  readonly maxHeapMb: number;
}

/** Images to summarise: each one's spacing (null in a study in pixels) and readings (JSON). */
export interface SummaryJob {
  readonly definition: TemplateDefinition;
  readonly images: readonly {
    readonly spacing: PixelSpacing | null;
    readonly readings: readonly string[];
  }[];
}

/** The summaries of a job's images, in its order. */
export function summarise({ definition, images }: SummaryJob): StoredSummary[] {
  const elements = elementsOf(definition);
  return images.map(({ spacing, readings }) => summariseReadings(elements, readings, spacing));
}

/** A job's summaries, computed on a helper thread (ended with the answer). */
function summariseOnThread(job: SummaryJob, maxHeapMb: number): Promise<StoredSummary[]> {
  return new Promise((resolve, reject) => {
    const worker = typescriptWorker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.once('message', (reply: Reply<StoredSummary[]>) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.output);
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the summary thread exited with code ${code}`)));
    worker.postMessage(job);
  });
}

/** The study's analysis, with the summaries it had to compute (to store). */
export async function analyseJob({
  input,
  wanted,
  shareFrom,
  maxHeapMb,
}: AgreementJob): Promise<StudyOutput> {
  const spacings = studySpacings(input.images);
  const stale = input.images.flatMap((image, k) => (image.summary === null ? [k] : []));
  const jobOf = (images: readonly number[]): SummaryJob => ({
    definition: input.definition,
    images: images.map((k) => ({
      spacing: spacings[k] ?? null,
      readings: input.images[k]!.readings!,
    })),
  });
  const half = stale.length >= shareFrom ? Math.ceil(stale.length / 2) : stale.length;
  const theirs =
    half < stale.length ? summariseOnThread(jobOf(stale.slice(half)), maxHeapMb) : undefined;
  const fresh = [...summarise(jobOf(stale.slice(0, half))), ...((await theirs) ?? [])];
  const summaries = input.images.map((image) => image.summary!);
  const outlines = input.images.map((image) => image.outlines!);
  stale.forEach((k, i) => {
    summaries[k] = fresh[i]!.summary;
    outlines[k] = fresh[i]!.outlines;
  });
  return {
    ...analyseStudy(input, summaries, {
      csv: wanted.csv,
      outlines: wanted.outlines ? outlines : null,
    }),
    summaries: stale.map((k, i) => ({ imageId: input.images[k]!.imageId, ...fresh[i]! })),
  };
}
