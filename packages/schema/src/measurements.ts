// One measurement model for every tool (as OHIF does): computed from the payload in image pixels,
// and in millimetres when the image has a pixel spacing.
import {
  polygonArea,
  polygonAreaMm2,
  polygonPerimeter,
  polygonPerimeterMm,
  polylineLength,
  polylineLengthMm,
  type PixelSpacing,
} from '@medlabel/geometry';
import type { AnnotationPayload, Shape } from './annotation.js';
import type { LengthUnit, TemplateDefinition } from './template.js';
import type { Measure } from './template-ui.js';

export type MeasurementUnit = 'px' | 'mm' | 'cm' | 'px²' | 'mm²' | 'cm²';

export interface Measurement {
  shapeId: string;
  tool: string;
  kind: Shape['kind'];
  label: string | null;
  frame: number;
  quantity: Measure;
  /** In pixels (px² for areas). */
  px: number;
  /** In mm (mm² for areas); null without a pixel spacing. */
  mm: number | null;
  /** What to show: the ruler's unit when the spacing allows, mm for other shapes, else px. */
  value: number;
  unit: MeasurementUnit;
}

function shown(
  quantity: Measure,
  px: number,
  mm: number | null,
  preferred: LengthUnit,
): Pick<Measurement, 'value' | 'unit'> {
  const area = quantity === 'area';
  if (mm === null || preferred === 'px') return { value: px, unit: area ? 'px²' : 'px' };
  if (preferred === 'cm')
    return area ? { value: mm / 100, unit: 'cm²' } : { value: mm / 10, unit: 'cm' };
  return { value: mm, unit: area ? 'mm²' : 'mm' };
}

function quantities(
  shape: Shape,
  spacing: PixelSpacing | null,
): [Measure, number, number | null][] {
  const pts = shape.points;
  switch (shape.kind) {
    case 'polygon':
      return [
        ['area', polygonArea(pts), spacing && polygonAreaMm2(pts, spacing)],
        ['perimeter', polygonPerimeter(pts), spacing && polygonPerimeterMm(pts, spacing)],
      ];
    case 'polyline':
    case 'ruler':
      return [['length', polylineLength(pts), spacing && polylineLengthMm(pts, spacing)]];
    case 'keypoint':
      return [];
  }
}

/**
 * Measurements of every shape of a payload (rulers and polylines: length; polygons: area and
 * perimeter), in the order of the shapes. `spacing` is [rowSpacing, columnSpacing] in mm.
 */
export function computeMeasurements(
  template: TemplateDefinition,
  payload: AnnotationPayload,
  spacing: PixelSpacing | null = null,
): Measurement[] {
  return payload.shapes.flatMap((shape) => {
    const tool = template.tools.find((t) => t.id === shape.tool);
    const preferred: LengthUnit = tool?.kind === 'ruler' ? tool.unit : 'mm';
    return quantities(shape, spacing).map(([quantity, px, mm]) => ({
      shapeId: shape.id,
      tool: shape.tool,
      kind: shape.kind,
      label: shape.kind === 'keypoint' ? shape.name : (shape.label ?? null),
      frame: shape.frame ?? 0,
      quantity,
      px,
      mm,
      ...shown(quantity, px, mm, preferred),
    }));
  });
}

/** "12.3 mm", "4.56 cm²", "87 px": the value rounded to `digits` decimals. */
export function formatMeasurement(m: Pick<Measurement, 'value' | 'unit'>, digits = 1): string {
  return `${m.value.toFixed(digits)} ${m.unit}`;
}
