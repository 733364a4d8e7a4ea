// What every export says about an annotation besides its payload: the measurements the viewer
// shows (from @medlabel/schema's one measurement model), the pixel spacing they used and where it
// came from, and form values keyed by the template's field names.
import { isValidPixelSpacing, type PixelSpacing } from '@medlabel/geometry';
import {
  computeMeasurements,
  type AnnotationPayload,
  type FieldValue,
  type TemplateDefinition,
} from '@medlabel/schema';

/** The pixel spacing of an image in mm, and the DICOM attribute it was read from. */
export interface ExportSpacing {
  rowMm: number;
  columnMm: number;
  /** `PixelSpacing`, `ImagerPixelSpacing`, or `metadata` for a spacing given at import */
  source: string;
}

/** The spacing an image's metadata records (DICOM uploads; CSV imports may give one too). */
export function spacingOf(metadata: Record<string, unknown>): ExportSpacing | null {
  const value = metadata.pixelSpacing;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return null;
  if (!isValidPixelSpacing(value)) return null;
  const source =
    typeof metadata.pixelSpacingSource === 'string' ? metadata.pixelSpacingSource : null;
  return { rowMm: value[0], columnMm: value[1], source: source ?? 'metadata' };
}

/** Every measurement of a payload, in px and (with a spacing) in mm, plus the unit the UI shows. */
export function measurementsOf(
  definition: TemplateDefinition,
  payload: AnnotationPayload,
  spacing: ExportSpacing | null,
) {
  const pixelSpacing: PixelSpacing | null = spacing && [spacing.rowMm, spacing.columnMm];
  return computeMeasurements(definition, payload, pixelSpacing).map((m) => ({
    shapeId: m.shapeId,
    tool: m.tool,
    kind: m.kind,
    label: m.label,
    frame: m.frame,
    quantity: m.quantity,
    px: m.px,
    pxUnit: m.quantity === 'area' ? 'px²' : 'px',
    mm: m.mm,
    mmUnit: m.quantity === 'area' ? 'mm²' : 'mm',
    value: m.value,
    unit: m.unit,
  }));
}
export type ExportMeasurement = ReturnType<typeof measurementsOf>[number];

/**
 * The name each form field is exported under: its title, or `title (id)` where two fields of the
 * templates, or a field and one of `reserved` (e.g. the CSV's fixed columns), share a title.
 * Fields of several template versions are merged by id, the newest version's title winning.
 */
export function fieldNames(
  definitions: readonly TemplateDefinition[],
  reserved: readonly string[] = [],
): Map<string, string> {
  const titles = new Map<string, string>();
  for (const definition of definitions)
    for (const field of definition.fields) titles.set(field.id, field.title);
  const count = new Map<string, number>(reserved.map((r) => [r, 1]));
  for (const title of titles.values()) count.set(title, (count.get(title) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const [id, title] of titles)
    names.set(id, count.get(title) === 1 ? title : `${title} (${id})`);
  return names;
}

/** A payload's form values keyed by field name (values of fields no template names keep their id). */
export function valuesByName(
  values: AnnotationPayload['values'],
  names: ReadonlyMap<string, string>,
): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [names.get(id) ?? id, v]));
}
