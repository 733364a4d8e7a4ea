import { Type, type Static } from '@sinclair/typebox';
import { AnnotationPayload, Id, named, ref } from '../http/schemas.js';

export const AnnotationStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
]);

export const ProvenanceSchema = Type.Union(
  [
    Type.Literal('manual'),
    Type.Literal('model'),
    Type.Literal('confirmed'),
    Type.Literal('corrected'),
  ],
  {
    description:
      "who made the label: a person alone, a model, or a person confirming or correcting a model's prediction",
  },
);

export const AnnotationSchema = named(
  'Annotation',
  Type.Object({
    id: Type.Integer(),
    collectionId: Type.Integer(),
    imageId: Type.Integer(),
    source: Type.Union([Type.Literal('human'), Type.Literal('model')]),
    annotatorId: Type.Union([Type.Integer(), Type.Null()]),
    model: Type.Union([Type.String(), Type.Null()]),
    status: AnnotationStatusSchema,
    templateId: Type.Integer(),
    templateVersion: Type.Integer({
      description: 'the template version the payload was made with',
    }),
    payload: ref(AnnotationPayload),
    version: Type.Integer({ description: 'send it back as baseVersion on the next save' }),
    timeSpentMs: Type.Integer(),
    confidence: Type.Union([Type.Number(), Type.Null()], {
      description: "a model's confidence, 0..1",
    }),
    provenance: ProvenanceSchema,
    predictionId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'the labeling-loop prediction this label is, or was confirmed or corrected from',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  }),
);
export type Annotation = Static<typeof AnnotationSchema>;

export const SaveAnnotationSchema = Type.Object(
  {
    payload: ref(AnnotationPayload),
    status: AnnotationStatusSchema,
    baseVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'the version this edit started from; omit to create',
      }),
    ),
    timeSpentMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400_000,
        description: 'time spent in this editing session',
      }),
    ),
    idempotencyKey: Type.Optional(
      Type.String({
        minLength: 8,
        maxLength: 100,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          "a new key for each save (e.g. a random UUID), sent again unchanged when the save is retried: a repeat of a save that was applied answers that save's annotation instead of 409. Keys are the caller's own.",
      }),
    ),
    confidence: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "the model's confidence (with model)" }),
    ),
    model: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: 'save as this model instead of the caller (owners and admins)',
      }),
    ),
  },
  { additionalProperties: false },
);
/** The payload is re-validated against the template in the service, so it arrives as unknown. */
export type SaveAnnotation = Omit<Static<typeof SaveAnnotationSchema>, 'payload'> & {
  payload: unknown;
};

export const AnnotationEventSchema = Type.Object({
  id: Type.Integer(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.Union([Type.Literal('create'), Type.Literal('update')]),
  version: Type.Integer(),
  status: AnnotationStatusSchema,
  payload: ref(AnnotationPayload),
  createdAt: Type.String({ format: 'date-time' }),
});

const ModelName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });

export const PredictionsSchema = Type.Object(
  {
    model: ModelName,
    items: Type.Array(
      Type.Object(
        {
          imageId: Id(),
          payload: ref(AnnotationPayload),
          confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
/** Payloads are re-validated against the template in the service, so they arrive as unknown. */
export interface Predictions {
  model: string;
  items: { imageId: number; payload: unknown; confidence?: number | undefined }[];
}
