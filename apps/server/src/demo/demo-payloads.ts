import type { AnnotationPayload, Point } from '@medlabel/schema';

/** A closed outline: an ellipse sampled at `n` vertices, rounded to tenths of a pixel. */
function ellipse(cx: number, cy: number, rx: number, ry: number, n = 16): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    return {
      x: Math.round((cx + rx * Math.cos(angle)) * 10) / 10,
      y: Math.round((cy + ry * Math.sin(angle)) * 10) / 10,
    };
  });
}

/**
 * A 'Lesion contour' payload: the organ outlined around the image centre, and on some images a
 * small lesion. `variant` (the annotator's index) shifts the outlines so two readers differ.
 */
export function contourPayload(
  width: number,
  height: number,
  withLesion: boolean,
  variant: number,
): AnnotationPayload {
  const shift = variant * 3;
  const shapes: AnnotationPayload['shapes'] = [
    {
      kind: 'polygon',
      id: 'organ-1',
      tool: 'contour',
      label: 'Organ',
      points: ellipse(width / 2 + shift, height / 2, width * 0.34, height * 0.4),
    },
  ];
  if (withLesion) {
    shapes.push({
      kind: 'polygon',
      id: 'lesion-1',
      tool: 'contour',
      label: 'Lesion',
      points: ellipse(width * 0.6 + shift, height * 0.42, width * 0.05, height * 0.04, 10),
    });
  }
  return {
    labels: [],
    shapes,
    values: { lesions: withLesion ? 1 : 0, ...(withLesion ? { notes: 'Demo finding' } : {}) },
  };
}

/**
 * A 'Structure measurement' payload: one ruler across the middle of the image and its length in
 * mm from the pixel spacing ([row, column] mm), as a reader would report it.
 */
export function measurementPayload(
  width: number,
  height: number,
  pixelSpacing: readonly [number, number] | undefined,
): AnnotationPayload {
  const from = { x: Math.round(width * 0.3), y: Math.round(height * 0.5) };
  const to = { x: Math.round(width * 0.7), y: Math.round(height * 0.55) };
  const [rowMm, colMm] = pixelSpacing ?? [1, 1];
  const mm = Math.hypot((to.x - from.x) * colMm, (to.y - from.y) * rowMm);
  return {
    labels: [],
    shapes: [{ kind: 'ruler', id: 'diameter-1', tool: 'diameter', points: [from, to] }],
    values: { reported: Math.round(mm * 10) / 10 },
  };
}
