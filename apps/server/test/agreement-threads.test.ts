import type { AnnotationPayload } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { readingStudy } from '../bench/agreement-study.js';
import { AgreementThreads } from '../src/agreement/compute/agreement-thread.js';
import type { StudyInput } from '../src/agreement/compute/analysis.js';

// A seeded study of 41 images (an odd number: the halves differ), with a reading missing and an
// outline that crosses itself, so the shared images' contours include the ones left out.
const seeded = readingStudy(41, 3);
const readingsOf = (k: number) => seeded.images[k]!.readings!;
const bowtie = JSON.parse(readingsOf(30)[0]!) as AnnotationPayload;
bowtie.shapes[0] = {
  ...bowtie.shapes[0]!,
  points: [
    { x: 200, y: 200 },
    { x: 300, y: 300 },
    { x: 300, y: 200 },
    { x: 200, y: 300 },
  ],
};
const study: StudyInput = {
  ...seeded,
  images: seeded.images.map((image, k) => {
    if (k === 5)
      return { ...image, readers: [0, 2], readings: [readingsOf(5)[0]!, readingsOf(5)[2]!] };
    if (k === 30)
      return { ...image, readings: [JSON.stringify(bowtie), ...readingsOf(30).slice(1)] };
    return image;
  }),
};

const everything = { csv: true, outlines: true };

describe('agreement threads', () => {
  it('gives the same analysis with the images summarised on two threads as on one', async () => {
    const one = await new AgreementThreads({ shareSummariesFrom: Infinity }).analyse(
      study,
      everything,
    );
    const two = await new AgreementThreads({ shareSummariesFrom: 1 }).analyse(study, everything);
    expect(two).toEqual(one);
    expect(one.summaries.map((s) => s.imageId)).toEqual(study.images.map((i) => i.imageId));
    const contours = one.report.elements.find((e) => e.kind === 'contours');
    // Image 30 has two valid outlines left: it is still compared, on the helper's half.
    expect(contours).toMatchObject({ images: 41, consensus: { images: 41 } });
    expect(one.consensusOutlines!.map((o) => o.imageId)).toEqual(
      study.images.map((image) => image.imageId),
    );
    expect(one.consensusOutlines![30]!.readers[0]).toBeNull();
    expect(one.consensusOutlines![5]!.readers[1]).toBeNull();
    expect(one.consensusOutlines![5]!.readers[2]).not.toBeNull();
    expect(one.report.readers.map((r) => r.readings)).toEqual([41, 40, 41]);
  });

  it('gives the same analysis from stored summaries, and summarises only the images without', async () => {
    const threads = new AgreementThreads({ shareSummariesFrom: Infinity });
    const fresh = await threads.analyse(study, everything);
    const stored = fresh.summaries;
    // Every image stored but the first, and image 7 read again by its second reader: those two
    // are summarised; the rest come from the stored summaries.
    const changed = JSON.parse(readingsOf(7)[1]!) as AnnotationPayload;
    changed.labels = [changed.labels[0] === 'normal' ? 'benign' : 'normal'];
    const images = study.images.map((image, k) =>
      k === 0
        ? image
        : k === 7
          ? { ...image, readings: [readingsOf(7)[0]!, JSON.stringify(changed), readingsOf(7)[2]!] }
          : { ...image, ...stored[k]!, readings: null },
    );
    const mixed = await threads.analyse({ ...study, images }, everything);
    expect(mixed.summaries.map((s) => s.imageId)).toEqual([1, 8]);
    const fromScratch = await threads.analyse(
      { ...study, images: images.map((image, k) => (k === 7 ? image : study.images[k]!)) },
      everything,
    );
    const { summaries: _mixed, ...withStored } = mixed;
    const { summaries: _all, ...recomputed } = fromScratch;
    expect(withStored).toEqual(recomputed);
    // The changed label is counted: the study differs from the first one.
    expect(withStored.csv).not.toEqual(fresh.csv);
    // Nothing but the report unless asked.
    const reportOnly = await threads.analyse({ ...study, images });
    expect(reportOnly).toMatchObject({ csv: null, consensusOutlines: null });
    expect(reportOnly.report).toEqual(withStored.report);
  });
});
