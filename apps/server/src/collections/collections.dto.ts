import { Type, type Static } from '@sinclair/typebox';
import { Id, MAX_ID, named, ref } from '../http/schemas.js';
import { ImageSchema } from '../images/images.dto.js';
import { ProvenanceSchema } from '../annotations/annotations.dto.js';

const Metadata = Type.Record(Type.String({ maxLength: 200 }), Type.Unknown());

export const CollectionSchema = named(
  'Collection',
  Type.Object({
    id: Type.Integer(),
    ownerId: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    templateId: Type.Integer(),
    templateVersion: Type.Integer({ description: 'new annotations are made with this version' }),
    readersPerImage: Type.Integer(),
    annotatorsSeeAll: Type.Boolean({
      description: 'annotators may read the annotations of others',
    }),
    metadata: Metadata,
    imageCount: Type.Integer(),
    itemCount: Type.Optional(
      Type.Integer({
        description:
          'where the template shows a series as one item (a collection read by id): the items its image pages hold',
      }),
    ),
    doneCount: Type.Integer({ description: 'images with readersPerImage submitted annotations' }),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type Collection = Static<typeof CollectionSchema>;

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 5000 });
const Readers = Type.Integer({ minimum: 1, maximum: 50 });

export const CreateCollectionSchema = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    templateId: Id(),
    templateVersion: Type.Optional(Id({ description: 'default: the current version' })),
    readersPerImage: Type.Optional(Readers),
    annotatorsSeeAll: Type.Optional(Type.Boolean()),
    metadata: Type.Optional(Metadata),
    imageIds: Type.Optional(Type.Array(Id(), { maxItems: 100000 })),
  },
  { additionalProperties: false },
);
export type CreateCollection = Static<typeof CreateCollectionSchema>;

export const CreateCollectionFromSearchSchema = Type.Object(
  {
    ...Type.Omit(CreateCollectionSchema, ['imageIds']).properties,
    q: Type.String({ minLength: 1, maxLength: 2000, description: 'an image search query' }),
  },
  { additionalProperties: false },
);

export const UpdateCollectionSchema = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    templateVersion: Type.Optional(Id()),
    readersPerImage: Type.Optional(Readers),
    annotatorsSeeAll: Type.Optional(Type.Boolean()),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCollection = Static<typeof UpdateCollectionSchema>;

export const ImageStatusSchema = Type.Union(
  [Type.Literal('todo'), Type.Literal('in_progress'), Type.Literal('done')],
  {
    description: 'todo: nobody started; done: readersPerImage readers submitted',
  },
);

export const MyAnnotationSchema = Type.Union([
  Type.Object({
    id: Type.Integer(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('submitted')]),
    version: Type.Integer(),
    label: Type.Union([Type.String(), Type.Null()], { description: 'the image-level label given' }),
    provenance: ProvenanceSchema,
  }),
  Type.Null(),
]);

export const CollectionItemSchema = named(
  'CollectionItem',
  Type.Object({
    position: Type.Integer(),
    image: ref(ImageSchema),
    seriesSlices: Type.Optional(
      Type.Integer({
        description:
          "where the template shows a series as one item: the collection's images of the item's series",
      }),
    ),
    status: ImageStatusSchema,
    startedCount: Type.Integer(),
    submittedCount: Type.Integer(),
    mine: MyAnnotationSchema,
    predicted: Type.Union(
      [
        Type.Object({
          model: Type.String(),
          label: Type.Union([Type.String(), Type.Null()], { description: 'the first image label' }),
          confidence: Type.Union([Type.Number(), Type.Null()]),
        }),
        Type.Null(),
      ],
      { description: 'the latest model annotation of the image, if any' },
    ),
  }),
);
export type CollectionItem = Static<typeof CollectionItemSchema>;

export const CollectionPageQuery = Type.Object({
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ID,
      description: 'the `next` of the previous page (a position)',
    }),
  ),
  offset: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 10_000_000,
      description: 'skip this many images instead of `after` (slower on deep pages)',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  predicted: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'only images whose latest model annotation has this label',
    }),
  ),
  series: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'only images of this series (Series Instance UID): the slices of a stack',
    }),
  ),
});
export type CollectionPageQuery = Static<typeof CollectionPageQuery>;

export const ProgressSchema = Type.Object({
  total: Type.Integer(),
  done: Type.Integer({ description: 'images with readersPerImage submitted annotations' }),
  mine: Type.Object({ submitted: Type.Integer(), drafts: Type.Integer() }),
});
