import type { AnnotationPayload } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { readingStudy } from '../bench/agreement-study.js';
import { AgreementThreads } from '../src/agreement/compute/agreement-thread.js';

// A seeded study of 41 images (an odd number: the halves differ), with a reading missing and an
// outline that crosses itself, so the shared images' contours include the ones left out.
const seeded = readingStudy(41, 3);
const bowtie = JSON.parse(seeded.images[30]!.readings[0]!) as AnnotationPayload;
bowtie.shapes[0] = {
  ...bowtie.shapes[0]!,
  points: [
    { x: 200, y: 200 },
    { x: 300, y: 300 },
    { x: 300, y: 200 },
    { x: 200, y: 300 },
  ],
};
const study = {
  ...seeded,
  images: seeded.images.map((image, k) => {
    if (k === 5) return { ...image, readings: [image.readings[0]!, null, image.readings[2]!] };
    if (k === 30)
      return { ...image, readings: [JSON.stringify(bowtie), ...image.readings.slice(1)] };
    return image;
  }),
};

describe('agreement threads', () => {
  it('gives the same analysis with the contours shared over two threads as on one', async () => {
    const one = await new AgreementThreads({ shareContoursFrom: Infinity }).analyse(study);
    const two = await new AgreementThreads({ shareContoursFrom: 1 }).analyse(study);
    expect(two).toEqual(one);
    const contours = one.report.elements.find((e) => e.kind === 'contours');
    // Image 30 has two valid outlines left: it is still compared, on the helper's half.
    expect(contours).toMatchObject({ images: 41, consensus: { images: 41 } });
    expect(one.consensusOutlines.map((o) => o.imageId)).toEqual(
      study.images.map((image) => image.imageId),
    );
    expect(one.consensusOutlines[30]!.readers[0]).toBeNull();
    expect(one.consensusOutlines[5]!.readers[1]).toBeNull();
  });
});
