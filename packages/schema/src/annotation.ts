// The annotation payload: what an annotator (or a model) saves for one image under a template.
// Coordinates are image pixels: x to the right, y down, (0, 0) the top-left corner of the image.
import { Type, type Static } from '@sinclair/typebox';
import { ANNOTATION_LIMITS } from './limits.js';
import { IdentifierSchema } from './template.js';

export const PointSchema = Type.Object(
  { x: Type.Number(), y: Type.Number() },
  { additionalProperties: false },
);
export type Point = Static<typeof PointSchema>;

const shapeBase = {
  id: Type.String({ minLength: 1, maxLength: 64, description: 'Unique within the payload' }),
  tool: IdentifierSchema,
  frame: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Frame of a multi-frame image (0-based); omitted: 0' }),
  ),
};
const shapeLabel = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }));

export const PolygonShapeSchema = Type.Object(
  {
    kind: Type.Literal('polygon'),
    ...shapeBase,
    label: shapeLabel,
    points: Type.Array(PointSchema, {
      minItems: 3,
      maxItems: ANNOTATION_LIMITS.verticesPerShape,
    }),
  },
  { additionalProperties: false, description: 'Closed: the last point joins the first' },
);
export const PolylineShapeSchema = Type.Object(
  {
    kind: Type.Literal('polyline'),
    ...shapeBase,
    label: shapeLabel,
    points: Type.Array(PointSchema, {
      minItems: 2,
      maxItems: ANNOTATION_LIMITS.verticesPerShape,
    }),
  },
  { additionalProperties: false },
);
export const KeypointShapeSchema = Type.Object(
  {
    kind: Type.Literal('keypoint'),
    ...shapeBase,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'A keypoint of the tool set' }),
    points: Type.Array(PointSchema, { minItems: 1, maxItems: 1 }),
  },
  { additionalProperties: false },
);
export const RulerShapeSchema = Type.Object(
  {
    kind: Type.Literal('ruler'),
    ...shapeBase,
    label: shapeLabel,
    points: Type.Array(PointSchema, { minItems: 2, maxItems: 2 }),
  },
  { additionalProperties: false },
);
export const ShapeSchema = Type.Union([
  PolygonShapeSchema,
  PolylineShapeSchema,
  KeypointShapeSchema,
  RulerShapeSchema,
]);
export type PolygonShape = Static<typeof PolygonShapeSchema>;
export type PolylineShape = Static<typeof PolylineShapeSchema>;
export type KeypointShape = Static<typeof KeypointShapeSchema>;
export type RulerShape = Static<typeof RulerShapeSchema>;
export type Shape = Static<typeof ShapeSchema>;

/** A form value: number, checkbox, text, select (string) or multi-select (string[]); null clears. */
export const FieldValueSchema = Type.Union(
  [
    Type.Number(),
    Type.Boolean(),
    Type.String({ maxLength: 10000 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 }),
    Type.Null(),
  ],
  { description: 'a number, true or false, a text, a list of texts, or null' },
);
export type FieldValue = Static<typeof FieldValueSchema>;

export const AnnotationPayloadSchema = Type.Object(
  {
    labels: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      maxItems: 200,
      description: 'Chosen image-level labels, by name',
    }),
    shapes: Type.Array(ShapeSchema, {
      maxItems: ANNOTATION_LIMITS.shapes,
      description: `At most ${ANNOTATION_LIMITS.vertices} vertices in all`,
    }),
    values: Type.Record(IdentifierSchema, FieldValueSchema, {
      additionalProperties: false,
      maxProperties: 200,
      description: 'Form values by field id',
    }),
  },
  { additionalProperties: false, title: 'AnnotationPayload' },
);
export type AnnotationPayload = Static<typeof AnnotationPayloadSchema>;

/** A draft may be incomplete; a submitted annotation must satisfy every required part. */
export type AnnotationMode = 'draft' | 'submitted';

export function emptyPayload(): AnnotationPayload {
  return { labels: [], shapes: [], values: {} };
}
