import { Type, type Static } from '@sinclair/typebox';
import { AnnotationPayload, Id, named, ref } from '../http/schemas.js';
import { ImageSchema } from '../images/images.dto.js';
import { TemplateDefinition } from '../http/schemas.js';
import { AgreementReport, Thresholds } from './compute/report.js';

export const AgreementReportSchema = named('AgreementReport', AgreementReport);

const Person = Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String() });
const Polygon = Type.Array(Type.Object({ x: Type.Number(), y: Type.Number() }), {
  description: 'image pixels',
});
const Method = Type.Union([Type.Literal('picked'), Type.Literal('edited'), Type.Literal('expert')]);

export const StudySettingsSchema = named(
  'StudySettings',
  Type.Object({
    thresholds: Thresholds,
    referenceCaseRate: Type.Number({
      minimum: 0,
      maximum: 0.5,
      description: "share of each reader's queue drawn from reference cases",
    }),
    minReferenceAccuracy: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: 'readers below this accuracy on reference cases may be paused',
    }),
    adjudicators: Type.Array(Person, { description: 'senior readers besides owner and admins' }),
  }),
);
export type StudySettings = Static<typeof StudySettingsSchema>;

export const SaveStudySettingsSchema = Type.Object(
  {
    thresholds: Thresholds,
    referenceCaseRate: Type.Number({ minimum: 0, maximum: 0.5 }),
    minReferenceAccuracy: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    adjudicatorIds: Type.Array(Id(), { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type SaveStudySettings = Static<typeof SaveStudySettingsSchema>;

export const ReferenceSchema = named(
  'ReferenceStandard',
  Type.Object({
    imageId: Type.Integer(),
    payload: ref(AnnotationPayload),
    method: Method,
    fromAnnotationIds: Type.Array(Type.Integer()),
    referenceCase: Type.Boolean(),
    decidedBy: Type.String({ description: "the senior reader's email" }),
    decidedAt: Type.String({ format: 'date-time' }),
  }),
);

export const AdjudicationQueueSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      imageId: Type.Integer(),
      reasons: Type.Array(Type.String()),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  pending: Type.Integer(),
});

export const AdjudicationCaseSchema = Type.Object({
  image: ref(ImageSchema),
  definition: ref(TemplateDefinition),
  reasons: Type.Array(Type.String()),
  readings: Type.Array(
    Type.Object({
      annotationId: Type.Integer(),
      reader: Person,
      payload: ref(AnnotationPayload),
      updatedAt: Type.String(),
    }),
  ),
  consensusContours: Type.Array(
    Type.Object({
      tool: Type.String(),
      points: Polygon,
    }),
    {
      description:
        'per polygon tool outlined by two or more readings: the boundary of the region most of ' +
        'them fill (majority vote, traced from the outlines, else on a grid ' +
        'of at most 256 cells a side), a candidate reference',
    },
  ),
  reference: Type.Union([ref(ReferenceSchema), Type.Null()]),
});

export const DecisionSchema = Type.Union([
  Type.Object(
    {
      method: Type.Literal('picked'),
      fromAnnotationIds: Type.Array(Id(), { minItems: 1, maxItems: 1 }),
      referenceCase: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      method: Type.Union([Type.Literal('edited'), Type.Literal('expert')]),
      fromAnnotationIds: Type.Array(Id(), { maxItems: 50 }),
      payload: ref(AnnotationPayload),
      referenceCase: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);
/** A decision as the route receives it; the payload is checked against the template. */
export interface Decision {
  method: 'picked' | 'edited' | 'expert';
  fromAnnotationIds: number[];
  payload?: unknown;
  referenceCase?: boolean | undefined;
}

export const AgreementExportSchema = named(
  'AgreementExport',
  Type.Object({
    report: ref(AgreementReportSchema),
    contours: Type.Array(
      Type.Object({
        imageId: Type.Integer(),
        tool: Type.String(),
        source: Type.Union([Type.Literal('reference'), Type.Literal('consensus')], {
          description: 'the adjudicated reference wins over the consensus where it was decided',
        }),
        points: Type.Union([Polygon, Type.Null()], {
          description:
            "the image's contour of the tool: the reference's (null when it has none), else the consensus",
        }),
        reference: Type.Union([
          Type.Object({
            method: Method,
            fromAnnotationIds: Type.Array(Type.Integer()),
            decidedBy: Type.String({ description: "the senior reader's email" }),
            decidedAt: Type.String({ format: 'date-time' }),
          }),
          Type.Null(),
        ]),
        consensus: Type.Union([
          Type.Object({
            points: Polygon,
            exact: Type.Boolean({ description: 'traced from the outlines, else on the grid' }),
            readers: Type.Array(
              Type.Object({
                reader: Type.Integer({ description: 'index into report.readers' }),
                dice: Type.Number(),
                iou: Type.Number(),
                hausdorff: Type.Number({ description: 'mm, or px without a pixel spacing' }),
                meanSurfaceDistance: Type.Number(),
              }),
              { description: "each reader's contour against the consensus" },
            ),
          }),
          Type.Null(),
        ]),
      }),
      {
        description:
          'per image and polygon tool: the consensus contour of two or more readers, and the ' +
          'reference where a senior reader decided one',
      },
    ),
  }),
);
