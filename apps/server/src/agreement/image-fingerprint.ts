// What an image's stored reading-study summary was computed from: if any of it changes, the
// summary is recomputed (see compute/image-summary.ts).
import type { PixelSpacing } from '@medlabel/geometry';
import { SUMMARY_FORMAT } from './compute/image-summary.js';

/** One submitted reading of the image: its reader (user id), annotation and version. */
export interface ReadingKey {
  readonly reader: number;
  readonly annotation: number;
  readonly version: number;
}

/**
 * The fingerprint of an image's summary: the summary format, the template version, the
 * spacing the study measures the image in (px: none) and each reading, in reader order, as
 * `1|t3.2|0.7,0.7|5:101.1,6:102.3`. Plain text, not a hash: 10,000 images a study.
 */
export function imageFingerprint(
  template: { readonly id: number; readonly version: number },
  spacing: PixelSpacing | null,
  readings: readonly ReadingKey[],
): string {
  const read = readings.map((r) => `${r.reader}:${r.annotation}.${r.version}`).join(',');
  return `${SUMMARY_FORMAT}|t${template.id}.${template.version}|${spacing?.join(',') ?? 'px'}|${read}`;
}
