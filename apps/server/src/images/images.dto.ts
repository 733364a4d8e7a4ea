import { Type, type Static } from '@sinclair/typebox';
import { named } from '../http/schemas.js';

const Attribute = Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()]));
const Metadata = Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), {
  description: 'any imported metadata (DICOM attributes, source ids, ...)',
});

export const ImageSchema = named(
  'Image',
  Type.Object({
    id: Type.Integer(),
    url: Type.String({ description: 'where the client loads the anonymized pixels from' }),
    width: Type.Integer(),
    height: Type.Integer(),
    frames: Type.Integer(),
    modality: Type.Union([Type.String(), Type.Null()]),
    mode: Type.Union([Type.String(), Type.Null()]),
    bodyPart: Type.Union([Type.String(), Type.Null()]),
    studyUid: Type.Union([Type.String(), Type.Null()]),
    seriesUid: Type.Union([Type.String(), Type.Null()]),
    metadata: Metadata,
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type Image = Static<typeof ImageSchema>;

export const NewImageSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    width: Type.Integer({ minimum: 1, maximum: 100000 }),
    height: Type.Integer({ minimum: 1, maximum: 100000 }),
    frames: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    modality: Attribute,
    mode: Attribute,
    bodyPart: Attribute,
    studyUid: Attribute,
    seriesUid: Attribute,
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);
export type NewImage = Static<typeof NewImageSchema>;

export const ImportResultSchema = Type.Object({ ids: Type.Array(Type.Integer()) });
