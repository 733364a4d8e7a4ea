import { Type, type Static } from '@sinclair/typebox';
import type { ImageSourceRow } from '../db/tables.js';
import { named } from '../http/schemas.js';

export const ImageSourceSchema = named(
  'ImageSource',
  Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    kind: Type.Literal('dicomweb'),
    baseUrl: Type.String({ description: 'the DICOMweb root (QIDO-RS, WADO-RS, STOW-RS)' }),
    hasAuthorization: Type.Boolean({
      description: 'an Authorization header is sent to the source (it never leaves the server)',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type ImageSource = Static<typeof ImageSourceSchema>;

export const NewImageSourceSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    baseUrl: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL' }),
    authorization: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4000,
        description: 'sent as the Authorization header (e.g. "Basic ..." or "Bearer ...")',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewImageSource = Static<typeof NewImageSourceSchema>;

export const UpdateImageSourceSchema = Type.Object(
  {
    name: Type.Optional(NewImageSourceSchema.properties.name),
    baseUrl: Type.Optional(NewImageSourceSchema.properties.baseUrl),
    authorization: Type.Optional(
      Type.Union([NewImageSourceSchema.properties.authorization, Type.Null()], {
        description: 'a new Authorization header, or null for none',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateImageSource = Static<typeof UpdateImageSourceSchema>;

const Filter = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\\\=&]*$', description }));

/** QIDO-RS matching on fields that name no patient (the source holds anonymized data). */
export const SeriesQuerySchema = Type.Object({
  modality: Filter('Modality, e.g. CT'),
  bodyPart: Filter('Body Part Examined, e.g. CHEST'),
  studyDate: Type.Optional(
    Type.String({
      pattern: '^[0-9]{8}(-[0-9]{8})?$',
      description: 'YYYYMMDD or a range YYYYMMDD-YYYYMMDD',
    }),
  ),
  studyDescription: Filter('Study Description; * and ? are wildcards'),
  seriesDescription: Filter('Series Description; * and ? are wildcards'),
  accessionNumber: Filter('Accession Number'),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
export type SeriesQuery = Static<typeof SeriesQuerySchema>;

const Text = Type.Union([Type.String(), Type.Null()]);
export const SourceSeriesSchema = named(
  'SourceSeries',
  Type.Object({
    studyUid: Type.String(),
    seriesUid: Type.String(),
    modality: Text,
    bodyPart: Text,
    studyDate: Text,
    studyDescription: Text,
    seriesDescription: Text,
    instances: Type.Union([Type.Integer(), Type.Null()]),
  }),
);
export type SourceSeries = Static<typeof SourceSeriesSchema>;

const Uid = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9]+(\\.[0-9]+)*$' });
export const ImportSeriesSchema = Type.Object(
  {
    series: Type.Array(
      Type.Object({ studyUid: Uid, seriesUid: Uid }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 100,
      },
    ),
  },
  { additionalProperties: false },
);

export const PushResultSchema = named(
  'PushResult',
  Type.Object({
    stored: Type.Array(Type.String(), { description: 'SOP Instance UIDs the source stored' }),
    failed: Type.Array(Type.String(), { description: 'SOP Instance UIDs the source refused' }),
  }),
);
export type PushResult = Static<typeof PushResultSchema>;

export function toImageSource(row: ImageSourceRow): ImageSource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    hasAuthorization: row.authorization !== null,
    createdAt: row.created_at,
  };
}
