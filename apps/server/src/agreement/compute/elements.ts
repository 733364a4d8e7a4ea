// The task elements of a template that readers can agree on, and each reading's value for one:
// image labels (and single-choice form fields), contours, keypoints and measurements.
import type { PixelSpacing, Point } from '@medlabel/geometry';
import { polylineLength, polylineLengthMm } from '@medlabel/geometry';
import type { AnnotationPayload, Shape, TemplateDefinition } from '@medlabel/schema';

export type Element =
  | { kind: 'labels'; key: string; title: string; categories: string[]; ordinal: boolean }
  | { kind: 'contours'; key: string; title: string; tool: string }
  | { kind: 'keypoints'; key: string; title: string; tool: string; points: string[] }
  | { kind: 'measurements'; key: string; title: string; unit: string | null };

/**
 * Every element of a template, in template order. A multi-choice classification is one yes/no
 * element per label; checkboxes and single selects are labels too; rulers and polylines are
 * measured (their length), number fields are measurements.
 */
export function elementsOf(definition: TemplateDefinition): Element[] {
  const elements: Element[] = [];
  const classification = definition.classification;
  if (classification?.choice === 'single') {
    elements.push({
      kind: 'labels',
      key: 'labels',
      title: classification.title ?? 'Image label',
      categories: classification.labels.map((l) => l.name),
      ordinal: classification.labels.length > 2,
    });
  } else if (classification) {
    for (const label of classification.labels) {
      elements.push({
        kind: 'labels',
        key: `labels:${label.name}`,
        title: `Label "${label.name}"`,
        categories: ['absent', 'present'],
        ordinal: false,
      });
    }
  }
  for (const tool of definition.tools) {
    const key = `tool:${tool.id}`;
    switch (tool.kind) {
      case 'polygon':
        elements.push({ kind: 'contours', key, title: tool.title, tool: tool.id });
        break;
      case 'keypoint':
        elements.push({
          kind: 'keypoints',
          key,
          title: tool.title,
          tool: tool.id,
          points: tool.keypoints.map((k) => k.name),
        });
        break;
      case 'ruler':
      case 'polyline':
        elements.push({ kind: 'measurements', key, title: `${tool.title} (length)`, unit: null });
        break;
    }
  }
  for (const field of definition.fields) {
    const key = `field:${field.id}`;
    if (field.kind === 'number') {
      elements.push({ kind: 'measurements', key, title: field.title, unit: field.unit ?? null });
    } else if (field.kind === 'checkbox') {
      elements.push({
        kind: 'labels',
        key,
        title: field.title,
        categories: ['false', 'true'],
        ordinal: false,
      });
    } else if (field.kind === 'select' && !field.multiple) {
      elements.push({
        kind: 'labels',
        key,
        title: field.title,
        categories: field.options,
        ordinal: field.options.length > 2,
      });
    }
  }
  return elements;
}

/** The first shape of a tool on frame 0: the one a reading study compares. */
function firstShape(payload: AnnotationPayload, tool: string): Shape | undefined {
  return payload.shapes.find((s) => s.tool === tool && (s.frame ?? 0) === 0);
}

/** A reading's label for a labels element, or null when it gave none. */
export function labelOf(
  element: Extract<Element, { kind: 'labels' }>,
  payload: AnnotationPayload,
): string | null {
  const { key } = element;
  if (key === 'labels') return payload.labels.find((l) => element.categories.includes(l)) ?? null;
  if (key.startsWith('labels:')) {
    return payload.labels.includes(key.slice('labels:'.length)) ? 'present' : 'absent';
  }
  const value = payload.values[key.slice('field:'.length)];
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'string' && element.categories.includes(value) ? value : null;
}

/** A reading's contour for a polygon tool, or null. */
export function contourOf(tool: string, payload: AnnotationPayload): Point[] | null {
  const shape = firstShape(payload, tool);
  return shape?.kind === 'polygon' ? shape.points : null;
}

/** A reading's named keypoints of a keypoint tool (frame 0). */
export function keypointsOf(tool: string, payload: AnnotationPayload): Record<string, Point> {
  const points: Record<string, Point> = {};
  for (const shape of payload.shapes) {
    if (shape.tool !== tool || shape.kind !== 'keypoint' || (shape.frame ?? 0) !== 0) continue;
    points[shape.name] = shape.points[0]!;
  }
  return points;
}

/** A reading's measurement: a number field's value, or a line's length (mm with a spacing). */
export function measurementOf(
  key: string,
  payload: AnnotationPayload,
  spacing: PixelSpacing | null,
): number | null {
  if (key.startsWith('field:')) {
    const value = payload.values[key.slice('field:'.length)];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  const shape = firstShape(payload, key.slice('tool:'.length));
  if (shape?.kind !== 'ruler' && shape?.kind !== 'polyline') return null;
  return spacing ? polylineLengthMm(shape.points, spacing) : polylineLength(shape.points);
}
