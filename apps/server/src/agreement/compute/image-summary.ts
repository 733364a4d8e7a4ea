// One image's readings reduced to what a reading study's statistics need: each reader's label,
// measurement and keypoints per element, and the image's contour comparisons. A pure function
// of the image's readings, its spacing and the template, so the server stores it per image
// (agreement_images) and recomputes it only when one of those changes: a study's agreement is
// then an aggregation over stored summaries, not a recomputation of every contour.
import type { PixelSpacing, Point } from '@medlabel/geometry';
import type { AnnotationPayload } from '@medlabel/schema';
import { keypointsOf, labelOf, measurementOf, type Element } from './elements.js';
import { imageContours, type ImageContours } from './image-contours.js';

/**
 * Bump when what a summary holds or how it is computed changes: stored summaries made by
 * another format are recomputed (the format is part of each image's fingerprint).
 */
export const SUMMARY_FORMAT = 1;

/** Per element key, one value per reader of the image (the image's readers, in study order). */
export interface ImageSummary {
  readonly labels: Record<string, (string | null)[]>;
  readonly measurements: Record<string, (number | null)[]>;
  readonly keypoints: Record<string, Record<string, Point>[]>;
  /** per polygon tool id: the image's contour comparisons (readers as above), or null */
  readonly contours: Record<string, ImageContours | null>;
}

/**
 * Per polygon tool id with a consensus contour: its points (image pixels, flat). Kept apart from
 * the summary: only the agreement export needs them, and they are most of an image's bytes.
 */
export type ImageOutlines = Record<string, number[]>;

/**
 * The summary of one image's readings (one payload per reader who read it) and its consensus
 * outlines. `spacing`: the image's pixel spacing where the study is in mm, null in pixels.
 */
export function summariseImage(
  elements: readonly Element[],
  readings: readonly AnnotationPayload[],
  spacing: PixelSpacing | null,
): { summary: ImageSummary; outlines: ImageOutlines } {
  const summary: ImageSummary = { labels: {}, measurements: {}, keypoints: {}, contours: {} };
  const outlines: ImageOutlines = {};
  for (const element of elements) {
    switch (element.kind) {
      case 'labels':
        summary.labels[element.key] = readings.map((p) => labelOf(element, p));
        break;
      case 'measurements':
        summary.measurements[element.key] = readings.map((p) =>
          measurementOf(element.key, p, spacing),
        );
        break;
      case 'keypoints':
        summary.keypoints[element.key] = readings.map((p) => keypointsOf(element.tool, p));
        break;
      case 'contours': {
        const contours = imageContours(element.tool, readings, spacing ?? [1, 1]);
        summary.contours[element.tool] = contours?.figures ?? null;
        if (contours?.outline) outlines[element.tool] = contours.outline;
        break;
      }
    }
  }
  return { summary, outlines };
}

/** An image's summary and outlines as stored (JSON). */
export interface StoredSummary {
  readonly summary: string;
  readonly outlines: string;
}

/** An image's summary and outlines as stored, from its readings (JSON). */
export function summariseReadings(
  elements: readonly Element[],
  readings: readonly string[],
  spacing: PixelSpacing | null,
): StoredSummary {
  const payloads = readings.map((json) => JSON.parse(json) as AnnotationPayload);
  const { summary, outlines } = summariseImage(elements, payloads, spacing);
  return { summary: JSON.stringify(summary), outlines: JSON.stringify(outlines) };
}
