import { Type, type Static } from '@sinclair/typebox';
import { Id, named, ref } from '../http/schemas.js';

export const LoopFeaturesSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('pixels'),
      size: Type.Integer({
        minimum: 8,
        maximum: 64,
        description: 'images become size x size grey',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('metadata'),
      keys: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 64,
        description: 'numeric image metadata (measurements) that make the feature vector',
      }),
    },
    { additionalProperties: false },
  ),
]);
export type LoopFeatures = Static<typeof LoopFeaturesSchema>;

export const LoopRoutingSchema = Type.Union([
  Type.Object(
    {
      strategy: Type.Literal('threshold'),
      threshold: Type.Number({ minimum: 0.5, maximum: 1 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      strategy: Type.Literal('adaptive'),
      targetError: Type.Number({
        minimum: 0.001,
        maximum: 0.5,
        description: 'the wanted error of auto-accepted labels; the threshold follows each round',
      }),
    },
    { additionalProperties: false },
  ),
]);

export const BatchSourceSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('collection') },
    {
      additionalProperties: false,
      description: "the collection's unlabeled images, including images added later",
    },
  ),
  Type.Object(
    { kind: Type.Literal('search'), q: Type.String({ minLength: 1, maxLength: 2000 }) },
    {
      additionalProperties: false,
      description: 'images of an image search, added to the collection as they are batched',
    },
  ),
]);

const ClassifierName = Type.Union([
  Type.Literal('cnn'),
  Type.Literal('svm'),
  Type.Literal('logreg'),
]);

/** Everything a loop's rounds read; stored as the loop's config. */
/** What a loop learns from where several people read an image (default: readers). */
export const TrainingLabelSchema = Type.Union(
  [Type.Literal('readers'), Type.Literal('consensus')],
  {
    description:
      "readers: the majority of people's labels, a tie to the first given; consensus: the " +
      "collection's adjudicated reference standard where decided, else the majority, and images " +
      'whose readers tie are left out of training',
  },
);

export const LoopConfigSchema = Type.Object(
  {
    features: LoopFeaturesSchema,
    routing: LoopRoutingSchema,
    batchSize: Type.Integer({ minimum: 10, maximum: 10_000 }),
    auditShare: Type.Number({
      minimum: 0,
      maximum: 0.5,
      description: 'share of auto-accepted labels that people check, for the error estimate',
    }),
    readersPerCase: Type.Integer({ minimum: 1, maximum: 5 }),
    randomShare: Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        'share of each batch sent to people at random, for the random-sampling baseline (0: none)',
    }),
    validationPerClass: Type.Integer({
      minimum: 2,
      maximum: 1000,
      description: 'human-labeled images per class kept aside as the fixed validation set',
    }),
    retrainPolicy: Type.Union([Type.Literal('manual'), Type.Literal('auto')], {
      description:
        'auto: train when a batch is reviewed, then pre-label the next batch; manual: by a click',
    }),
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    trainingLabel: Type.Optional(TrainingLabelSchema),
    mirrorInvariant: Type.Optional(
      Type.Boolean({
        description:
          'cnn: the labels survive a left-right mirror, so training may flip images (default false: laterality, situs and echo views do not)',
      }),
    ),
    seed: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
    batchSource: BatchSourceSchema,
  },
  { additionalProperties: false },
);
export type LoopConfig = Static<typeof LoopConfigSchema>;

export const CreateLoopSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    collectionId: Id(),
    classifier: ClassifierName,
    features: Type.Optional(LoopFeaturesSchema),
    routing: Type.Optional(LoopRoutingSchema),
    batchSize: Type.Optional(LoopConfigSchema.properties.batchSize),
    auditShare: Type.Optional(LoopConfigSchema.properties.auditShare),
    readersPerCase: Type.Optional(LoopConfigSchema.properties.readersPerCase),
    randomShare: Type.Optional(LoopConfigSchema.properties.randomShare),
    validationPerClass: Type.Optional(LoopConfigSchema.properties.validationPerClass),
    retrainPolicy: Type.Optional(LoopConfigSchema.properties.retrainPolicy),
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    trainingLabel: Type.Optional(TrainingLabelSchema),
    mirrorInvariant: LoopConfigSchema.properties.mirrorInvariant,
    seed: Type.Optional(LoopConfigSchema.properties.seed),
    batchSource: Type.Optional(BatchSourceSchema),
  },
  { additionalProperties: false },
);
export type CreateLoop = Static<typeof CreateLoopSchema>;

export const JobSchema = named(
  'Job',
  Type.Object({
    id: Type.Integer(),
    kind: Type.String(),
    state: Type.Union([
      Type.Literal('queued'),
      Type.Literal('running'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
    attempts: Type.Integer(),
    progress: Type.Object({
      phase: Type.Optional(Type.String()),
      epoch: Type.Optional(Type.Integer()),
      epochs: Type.Optional(Type.Integer()),
      fraction: Type.Optional(Type.Number()),
      loss: Type.Optional(Type.Number()),
      validationAccuracy: Type.Optional(
        Type.Number({ description: "V's accuracy after the epoch, before calibration" }),
      ),
      message: Type.Optional(Type.String()),
    }),
    round: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  }),
);
export type Job = Static<typeof JobSchema>;

export const LOOP_PHASES = [
  'training',
  'prelabeling',
  'ready-to-prelabel',
  'reviewing',
  'ready-to-train',
  'failed',
  'cancelled',
  'finished',
] as const;
export type LoopPhase = (typeof LOOP_PHASES)[number];

export const LoopSchema = named(
  'Loop',
  Type.Object({
    id: Type.Integer(),
    ownerId: Type.Integer(),
    collectionId: Type.Integer(),
    name: Type.String(),
    classifier: ClassifierName,
    config: LoopConfigSchema,
    classNames: Type.Array(Type.String()),
    phase: Type.Union(
      LOOP_PHASES.map((p) => Type.Literal(p)),
      {
        description: 'what the loop waits for: a job, the review of a batch, or a click',
      },
    ),
    /** the round whose model is newest; -1 before the first model */
    modelRound: Type.Integer(),
    /** the newest batch; 0 before the first */
    batchRound: Type.Integer(),
    validationSize: Type.Integer(),
    job: Type.Union([ref(JobSchema), Type.Null()], {
      description: 'the active job, else the latest one',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type Loop = Static<typeof LoopSchema>;

export const ModelSchema = named(
  'Model',
  Type.Object({
    id: Type.Integer(),
    loopId: Type.Integer(),
    round: Type.Integer(),
    algorithm: Type.String(),
    hyperParameters: Type.Record(Type.String(), Type.Unknown()),
    trainingSet: Type.Object({
      size: Type.Integer(),
      bySource: Type.Object({ human: Type.Integer(), model: Type.Integer() }),
      byClass: Type.Array(Type.Integer()),
      /** [imageId, class index, 'h' | 'm'] of every training label, when asked for */
      labels: Type.Optional(
        Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Type.String()])),
      ),
    }),
    metrics: Type.Object({
      validationAccuracy: Type.Number(),
      eceRaw: Type.Number(),
      eceCalibrated: Type.Number(),
      confusion: Type.Array(Type.Array(Type.Integer())),
      baselineAccuracy: Type.Optional(Type.Number()),
      baselineTrainingSize: Type.Optional(Type.Integer()),
      trainSeconds: Type.Number(),
    }),
    calibration: Type.Object({ method: Type.Literal('temperature'), temperature: Type.Number() }),
    artifactHash: Type.String(),
    jobId: Type.Union([Type.Integer(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type Model = Static<typeof ModelSchema>;

const Interval = Type.Object({
  rate: Type.Union([Type.Number(), Type.Null()]),
  low: Type.Number(),
  high: Type.Number(),
  audited: Type.Integer(),
  wrong: Type.Integer(),
});

/** What adaptive routing certified about a round's auto-accepted labels (@medlabel/loop). */
const Guarantee = Type.Object(
  {
    targetError: Type.Number(),
    confidence: Type.Number({ description: 'the chance that the bound holds, 1 - delta' }),
    met: Type.Boolean({ description: 'false: no threshold met the target; nothing was accepted' }),
    validationCount: Type.Integer(),
    bound: Type.Union([Type.Number(), Type.Null()], {
      description:
        "upper bound of the error among all the labels the loop's rounds have auto-accepted so far, this one's included",
    }),
    accepted: Type.Union(
      [
        Type.Object({
          batchAccepted: Type.Integer({ description: "this round's auto-accepted labels" }),
          validationAccepted: Type.Integer({ description: 'V items at or above the threshold' }),
          validationErrors: Type.Integer({ description: "the model's errors among them" }),
        }),
        Type.Null(),
      ],
      { description: 'what this round accepted and on what V evidence; null: nothing accepted' },
    ),
    alternatives: Type.Array(
      Type.Object({
        targetError: Type.Number(),
        threshold: Type.Union([Type.Number(), Type.Null()]),
        bound: Type.Union([Type.Number(), Type.Null()]),
        manualShare: Type.Number(),
      }),
      { description: 'when the target is not met: what looser targets would bound and cost' },
    ),
    message: Type.String(),
  },
  { description: "the round's certified error bound; null for strategies that state none" },
);

export const RoundSchema = named(
  'LoopRound',
  Type.Object({
    round: Type.Integer(),
    model: Type.Union([
      Type.Object({
        id: Type.Integer(),
        validationAccuracy: Type.Number(),
        baselineAccuracy: Type.Union([Type.Number(), Type.Null()]),
        trainingSize: Type.Integer(),
        temperature: Type.Number(),
      }),
      Type.Null(),
    ]),
    /** human labels in the training set of this round's model (V excluded) */
    humanLabels: Type.Union([Type.Integer(), Type.Null()]),
    batch: Type.Union([
      Type.Object({
        size: Type.Integer(),
        autoAccepted: Type.Integer(),
        toPeople: Type.Integer(),
        hard: Type.Integer(),
        audit: Type.Integer(),
        random: Type.Integer(),
        threshold: Type.Union([Type.Number(), Type.Null()]),
        manualShare: Type.Number(),
        reviewed: Type.Integer({ description: 'images of the review collections done' }),
        confirmed: Type.Integer(),
        corrected: Type.Integer(),
        secondsPerConfirmed: Type.Union([Type.Number(), Type.Null()]),
        secondsPerCorrected: Type.Union([Type.Number(), Type.Null()]),
        auditError: Interval,
        guarantee: Type.Union([Guarantee, Type.Null()]),
        collections: Type.Array(
          Type.Object({
            id: Type.Integer(),
            label: Type.String(),
            imageCount: Type.Integer(),
            doneCount: Type.Integer(),
          }),
        ),
      }),
      Type.Null(),
    ]),
  }),
);

export const DashboardSchema = named(
  'LoopDashboard',
  Type.Object({
    loop: ref(LoopSchema),
    rounds: Type.Array(ref(RoundSchema)),
    totals: Type.Object({
      humanLabels: Type.Integer({ description: 'people labels in training sets and reviews' }),
      autoAccepted: Type.Integer(),
      labelsSaved: Type.Integer({ description: 'labels nobody had to give' }),
      secondsPerManualLabel: Type.Union([Type.Number(), Type.Null()]),
      hoursSpent: Type.Number(),
      hoursSaved: Type.Union([Type.Number(), Type.Null()], {
        description:
          'against labeling by hand every image labeled so far (accepted, or reviewed by someone)',
      }),
      auditError: Interval,
    }),
  }),
);
export type Dashboard = Static<typeof DashboardSchema>;

export const ListLoopsQuery = Type.Object({
  collectionId: Type.Optional(Id({ description: 'only the loops of this collection' })),
});

export const ModelsQuery = Type.Object({
  labels: Type.Optional(
    Type.Boolean({
      default: false,
      description: "include every training label ([imageId, class, 'h' | 'm']); large",
    }),
  ),
});
