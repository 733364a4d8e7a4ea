import { boundingBox, polygonArea } from '@medlabel/geometry';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';

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
}

/**
 * COCO categories from a template: one per shape label of each polygon tool (or the tool itself
 * when it has no labels), one per keypoint tool with its point names. COCO has no image-level
 * labels, polylines or rulers: the JSON and CSV exports carry those.
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
    }
  }
  return { categories, categoryOf: (key: string) => byKey.get(key) };
}

/** COCO annotations of one payload: polygons as segmentations, keypoint tools as keypoint sets. */
export function cocoAnnotations(
  payload: AnnotationPayload,
  imageId: number,
  definition: TemplateDefinition,
  categoryOf: (key: string) => number | undefined,
  attributes: Record<string, unknown>,
) {
  const out: ({ image_id: number; category_id: number } & Record<string, unknown>)[] = [];
  for (const shape of payload.shapes) {
    if (shape.kind !== 'polygon') continue;
    const category =
      categoryOf(`${shape.tool}:${shape.label ?? ''}`) ?? categoryOf(`${shape.tool}:`);
    const box = boundingBox(shape.points);
    if (category === undefined || !box) continue;
    out.push({
      image_id: imageId,
      category_id: category,
      segmentation: [shape.points.flatMap((p) => [p.x, p.y])],
      area: polygonArea(shape.points),
      bbox: [box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY],
      iscrowd: 0,
      attributes,
    });
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
