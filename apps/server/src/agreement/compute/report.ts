// The agreement report of a collection: its JSON Schema (for the OpenAPI document and the
// generated client) and the types the compute thread fills it with.
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Interval = Nullable(
  Type.Tuple([Type.Number(), Type.Number()], { description: '95% confidence interval' }),
);

/** A statistic and its 95% interval; null where the data leave it undefined. */
export const Estimate = Type.Object({ value: Nullable(Type.Number()), ci95: Interval });
export type Estimate = Static<typeof Estimate>;

/** Per-image values of one comparison, summarised. */
export const Summary = Type.Object({
  n: Type.Integer(),
  mean: Nullable(Type.Number()),
  sd: Nullable(Type.Number()),
  median: Nullable(Type.Number()),
  min: Nullable(Type.Number()),
  max: Nullable(Type.Number()),
  ci95: Interval,
});
export type Summary = Static<typeof Summary>;

const ReaderPair = Type.Tuple([Type.Integer(), Type.Integer()], {
  description: 'indices into readers',
});

export const LabelsResult = Type.Object({
  kind: Type.Literal('labels'),
  key: Type.String(),
  title: Type.String(),
  categories: Type.Array(Type.String()),
  images: Type.Integer({ description: 'images with at least two readings' }),
  percentAgreement: Nullable(Type.Number()),
  fleissKappa: Estimate,
  krippendorffAlpha: Estimate,
  pairs: Type.Array(
    Type.Object({
      readers: ReaderPair,
      n: Type.Integer(),
      percentAgreement: Nullable(Type.Number()),
      kappa: Estimate,
      weightedKappa: Nullable(Estimate),
      confusion: Type.Array(Type.Array(Type.Integer())),
    }),
  ),
  vsConsensus: Type.Array(
    Type.Object({
      reader: Type.Integer(),
      n: Type.Integer(),
      percentAgreement: Nullable(Type.Number()),
      kappa: Estimate,
    }),
  ),
});
export type LabelsResult = Static<typeof LabelsResult>;

export const ContoursResult = Type.Object({
  kind: Type.Literal('contours'),
  key: Type.String(),
  title: Type.String(),
  unit: Type.Union([Type.Literal('mm'), Type.Literal('px')]),
  images: Type.Integer(),
  pairs: Type.Array(
    Type.Object({
      readers: ReaderPair,
      dice: Summary,
      iou: Summary,
      hausdorff: Summary,
      meanSurfaceDistance: Summary,
    }),
  ),
  consensus: Type.Object(
    {
      images: Type.Integer({ description: 'images with a consensus contour' }),
      exact: Type.Integer({
        description:
          'of those, traced from the outlines (exactly, or within a millionth of their extent ' +
          'where outlines coincide in part)',
      }),
      gridCellsPerSide: Type.Integer({
        description: 'the grid of any others: cells a side at most',
      }),
      minCellPx: Type.Number({ description: 'and the smallest cell, in image pixels' }),
    },
    {
      description:
        "the consensus contour of an image: the boundary of the region more than half of its readers' " +
        'contours fill (majority vote; its largest part)',
    },
  ),
  vsConsensus: Type.Array(
    Type.Object({
      reader: Type.Integer(),
      dice: Summary,
      iou: Summary,
      hausdorff: Summary,
      meanSurfaceDistance: Summary,
    }),
    {
      description:
        "each reader's contours against the image's consensus: Dice and IoU against the majority " +
        'region, Hausdorff and mean surface distance to the consensus contour (its largest part)',
    },
  ),
});
export type ContoursResult = Static<typeof ContoursResult>;

export const KeypointsResult = Type.Object({
  kind: Type.Literal('keypoints'),
  key: Type.String(),
  title: Type.String(),
  unit: Type.Union([Type.Literal('mm'), Type.Literal('px')]),
  points: Type.Array(
    Type.Object({
      name: Type.String(),
      pairs: Type.Array(Type.Object({ readers: ReaderPair, distance: Summary })),
    }),
  ),
});
export type KeypointsResult = Static<typeof KeypointsResult>;

export const BlandAltmanResult = Type.Object({
  n: Type.Integer(),
  bias: Type.Number(),
  sd: Type.Number(),
  limitsOfAgreement: Type.Tuple([Type.Number(), Type.Number()]),
  biasCi95: Type.Tuple([Type.Number(), Type.Number()]),
  lowerLimitCi95: Type.Tuple([Type.Number(), Type.Number()]),
  upperLimitCi95: Type.Tuple([Type.Number(), Type.Number()]),
  points: Type.Array(Type.Object({ mean: Type.Number(), difference: Type.Number() }), {
    description: 'at most 1000, evenly drawn, for the plot',
  }),
});
export type BlandAltmanResult = Static<typeof BlandAltmanResult>;

export const MeasurementsResult = Type.Object({
  kind: Type.Literal('measurements'),
  key: Type.String(),
  title: Type.String(),
  unit: Nullable(Type.String()),
  images: Type.Integer(),
  icc: Nullable(
    Type.Object({
      n: Type.Integer({ description: 'images every reader measured' }),
      icc21: Estimate,
      icc31: Estimate,
    }),
  ),
  pairs: Type.Array(Type.Object({ readers: ReaderPair, blandAltman: Nullable(BlandAltmanResult) })),
  vsConsensus: Type.Array(
    Type.Object({ reader: Type.Integer(), blandAltman: Nullable(BlandAltmanResult) }),
  ),
});
export type MeasurementsResult = Static<typeof MeasurementsResult>;

export const ElementResult = Type.Union([
  LabelsResult,
  ContoursResult,
  KeypointsResult,
  MeasurementsResult,
]);
export type ElementResult = Static<typeof ElementResult>;

export const Thresholds = Type.Object({
  minDice: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'an image whose contours agree less (lowest pairwise Dice) goes to adjudication',
  }),
  maxRelativeDifference: Type.Number({
    minimum: 0,
    maximum: 10,
    description: 'measurements: (largest - smallest) / |median| above this goes to adjudication',
  }),
  maxKeypointMm: Type.Number({
    minimum: 0,
    maximum: 1000,
    description: 'keypoints further apart (mm, or px without a spacing) go to adjudication',
  }),
});
export type Thresholds = Static<typeof Thresholds>;

export const ReferenceAccuracy = Type.Object({
  reader: Type.Integer(),
  n: Type.Integer({ description: 'reference cases the reader read' }),
  correct: Type.Integer({ description: 'readings whose labels all match the reference' }),
  accuracy: Nullable(Type.Number()),
  ci95: Interval,
  belowBar: Type.Boolean({ description: "below the study's minimum accuracy" }),
});
export type ReferenceAccuracy = Static<typeof ReferenceAccuracy>;

export const AgreementReport = Type.Object({
  collectionId: Type.Integer(),
  readers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      email: Type.String(),
      readings: Type.Integer({ description: 'submitted annotations' }),
      paused: Type.Boolean({
        description: 'paused in this collection: the queue hands out nothing',
      }),
    }),
  ),
  images: Type.Integer({ description: 'images of the collection with a submitted reading' }),
  imagesWithTwoReadings: Type.Integer(),
  elements: Type.Array(ElementResult),
  thresholds: Thresholds,
  disagreements: Type.Integer({
    description: 'images beyond a threshold (the adjudication queue)',
  }),
  referenceAccuracy: Type.Array(ReferenceAccuracy, {
    description: "each reader's accuracy on the reference cases (Wilson 95% interval)",
  }),
  minReferenceAccuracy: Nullable(Type.Number()),
  methods: Type.String({ description: 'a methods-section paragraph with the figures filled in' }),
});
export type AgreementReport = Static<typeof AgreementReport>;
