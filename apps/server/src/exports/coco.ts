import { boundingBox, polygonArea } from '@medlabel/geometry';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { measurementsOf, type ExportMeasurement, type ExportSpacing } from './measurements.js';

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

interface Category {
  id: number;
  name: string;
  supercategory: string;
  keypoints?: string[];
  skeleton?: [number, number][];
}

/**
 * COCO categories from a template: one per shape label of each polygon tool (or the tool itself
 * when it has no labels), one per keypoint tool with its point names, one per ruler tool with two
 * keypoints (`start`, `end`) joined by a skeleton edge. COCO has no image-level labels or
 * polylines: the JSON and CSV exports carry those.
 */
export function cocoCategories(definition: TemplateDefinition) {
  const categories: Category[] = [];
  const byKey = new Map<string, number>();
  const add = (key: string, category: Omit<Category, 'id'>) => {
    const id = categories.length + 1;
    categories.push({ id, ...category });
    byKey.set(key, id);
  };
  for (const tool of definition.tools) {
    if (tool.kind === 'polygon') {
      if (tool.labels)
        for (const label of tool.labels)
          add(`${tool.id}:${label.name}`, { name: label.name, supercategory: tool.id });
      else add(`${tool.id}:`, { name: tool.title, supercategory: tool.id });
    } else if (tool.kind === 'keypoint') {
      add(`${tool.id}:`, {
        name: tool.title,
        supercategory: tool.id,
        keypoints: tool.keypoints.map((k) => k.name),
      });
    } else if (tool.kind === 'ruler') {
      add(`${tool.id}:`, {
        name: tool.title,
        supercategory: tool.id,
        keypoints: ['start', 'end'],
        skeleton: [[1, 2]],
      });
    }
  }
  return { categories, categoryOf: (key: string) => byKey.get(key) };
}

/** A shape's measurements as COCO attributes: `area_px2`, `area_mm2`, `perimeter_mm`, `length_mm`... */
function measured(measurements: readonly ExportMeasurement[], spacing: ExportSpacing | null) {
  const out: Record<string, unknown> = {};
  for (const m of measurements) {
    const suffix = m.quantity === 'area' ? '2' : '';
    out[`${m.quantity}_px${suffix}`] = m.px;
    if (m.mm !== null) out[`${m.quantity}_mm${suffix}`] = m.mm;
  }
  if (spacing) out.pixel_spacing_mm = [spacing.rowMm, spacing.columnMm];
  if (spacing) out.pixel_spacing_source = spacing.source;
  return out;
}

/**
 * COCO annotations of one payload: polygons as segmentations, keypoint tools as keypoint sets,
 * rulers as two keypoints; polygons and rulers carry their measurements in `attributes` (in mm
 * where the image has a pixel spacing).
 */
export function cocoAnnotations(
  payload: AnnotationPayload,
  imageId: number,
  definition: TemplateDefinition,
  categoryOf: (key: string) => number | undefined,
  attributes: Record<string, unknown>,
  spacing: ExportSpacing | null,
) {
  const out: ({ image_id: number; category_id: number } & Record<string, unknown>)[] = [];
  const measurements = measurementsOf(definition, payload, spacing);
  const measuredShape = (id: string) =>
    measured(
      measurements.filter((m) => m.shapeId === id),
      spacing,
    );
  for (const shape of payload.shapes) {
    if (shape.kind !== 'polygon' && shape.kind !== 'ruler') continue;
    const category =
      categoryOf(`${shape.tool}:${shape.label ?? ''}`) ?? categoryOf(`${shape.tool}:`);
    const box = boundingBox(shape.points);
    if (category === undefined || !box) continue;
    const bbox = [box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY];
    const frame = shape.frame ?? 0;
    const shapeAttributes = {
      ...attributes,
      shape_id: shape.id,
      frame,
      ...measuredShape(shape.id),
    };
    if (shape.kind === 'polygon') {
      out.push({
        image_id: imageId,
        category_id: category,
        segmentation: [shape.points.flatMap((p) => [p.x, p.y])],
        area: polygonArea(shape.points),
        bbox,
        iscrowd: 0,
        attributes: shapeAttributes,
      });
    } else {
      out.push({
        image_id: imageId,
        category_id: category,
        keypoints: shape.points.flatMap((p) => [p.x, p.y, 2]),
        num_keypoints: 2,
        bbox,
        area: 0,
        iscrowd: 0,
        attributes: { ...shapeAttributes, ...(shape.label ? { label: shape.label } : {}) },
      });
    }
  }
  for (const tool of definition.tools) {
    if (tool.kind !== 'keypoint') continue;
    const category = categoryOf(`${tool.id}:`);
    const points = new Map(
      payload.shapes
        .filter((s) => s.kind === 'keypoint' && s.tool === tool.id)
        .map((s) => [s.kind === 'keypoint' ? s.name : '', s.points[0]!]),
    );
    if (category === undefined || points.size === 0) continue;
    const present = [...points.values()];
    const box = boundingBox(present)!;
    out.push({
      image_id: imageId,
      category_id: category,
      keypoints: tool.keypoints.flatMap((k) => {
        const p = points.get(k.name);
        return p ? [p.x, p.y, 2] : [0, 0, 0];
      }),
      num_keypoints: present.length,
      bbox: [box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY],
      area: 0,
      iscrowd: 0,
      attributes,
    });
  }
  return out;
}
