import { describe, expect, it } from 'vitest';
import type { CollectionItem, Image } from '../src/api.js';
import { hasModalityValues } from '../src/features/workspace/frame-values.js';
import { sortSlices } from '../src/features/workspace/stack-bar.js';

const image = (id: number, metadata: Record<string, unknown>): Image => ({
  id,
  url: `/api/files/${'a'.repeat(32)}.png`,
  width: 256,
  height: 256,
  frames: 1,
  modality: 'MR',
  mode: null,
  bodyPart: null,
  studyUid: null,
  seriesUid: '2.25.1',
  metadata,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const item = (id: number, position: number, instanceNumber?: number): CollectionItem =>
  ({
    position,
    image: image(id, instanceNumber === undefined ? {} : { instanceNumber }),
  }) as CollectionItem;

describe('stack slices', () => {
  it('orders slices by Instance Number, then by position; those without one last', () => {
    const sorted = sortSlices([item(1, 1, 3), item(2, 2), item(3, 3, 1), item(4, 4, 2)]);
    expect(sorted.map((i) => i.image.id)).toEqual([3, 4, 1, 2]);
  });

  it('windows greyscale DICOM from its values; colour DICOM and pictures show their pixels', () => {
    const dicom = (photometricInterpretation: string) =>
      image(1, { source: 'dicom', photometricInterpretation });
    expect(hasModalityValues(dicom('MONOCHROME2'))).toBe(true);
    expect(hasModalityValues(dicom('MONOCHROME1'))).toBe(true);
    expect(hasModalityValues(dicom('RGB'))).toBe(false);
    expect(hasModalityValues(dicom('YBR_FULL_422'))).toBe(false);
    expect(hasModalityValues(image(1, {}))).toBe(false);
  });
});
