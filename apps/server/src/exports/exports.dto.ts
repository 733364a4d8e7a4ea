import { Type } from '@sinclair/typebox';
import { FieldValueSchema } from '@medlabel/schema';
import { named } from '../http/schemas.js';

import type { TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PixelSpacingSchema = named(
  'ExportPixelSpacing',
  Type.Object(
    {
      rowMm: Type.Number({ description: 'distance between rows (vertical), mm' }),
      columnMm: Type.Number({ description: 'distance between columns (horizontal), mm' }),
      source: Type.String({
        description:
          'the DICOM attribute it was read from (PixelSpacing or ImagerPixelSpacing), or metadata',
      }),
    },
    { description: 'the pixel spacing the measurements used; null: the image has none (px only)' },
  ),
);

export const MeasurementSchema = named(
  'ExportMeasurement',
  Type.Object({
    shapeId: Type.String(),
    tool: Type.String(),
    kind: Type.String({ description: 'polygon, polyline or ruler' }),
    label: Nullable(Type.String()),
    frame: Type.Integer(),
    quantity: Type.String({ description: 'length, area or perimeter' }),
    px: Type.Number(),
    pxUnit: Type.String({ description: 'px or px²' }),
    mm: Nullable(Type.Number({ description: 'null without a pixel spacing' })),
    mmUnit: Type.String({ description: 'mm or mm²' }),
    value: Type.Number({ description: 'as the viewer shows it, in unit' }),
    unit: Type.String({ description: "the ruler tool's unit where the spacing allows, else px" }),
  }),
);

export const FieldsByName = Type.Record(Type.String(), FieldValueSchema, {
  description:
    "the payload's form values keyed by the field's title (title (id) where two share one)",
});
