import { Type, type Static } from '@sinclair/typebox';
import { named, ref, TemplateDefinition } from '../http/schemas.js';

export const TemplateSchema = named(
  'Template',
  Type.Object({
    id: Type.Integer(),
    ownerId: Type.Integer(),
    name: Type.String(),
    version: Type.Integer({ description: 'the current (latest) version' }),
    definition: ref(TemplateDefinition),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  }),
);
export type Template = Static<typeof TemplateSchema>;

export const TemplateVersionSchema = named(
  'TemplateVersion',
  Type.Object({
    templateId: Type.Integer(),
    version: Type.Integer(),
    definition: ref(TemplateDefinition),
    createdBy: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type TemplateVersion = Static<typeof TemplateVersionSchema>;

/** The definition is validated by @medlabel/schema in the service, with JSON pointers. */
export const SaveTemplateSchema = Type.Object(
  { definition: Type.Unknown({ description: 'a TemplateDefinition' }) },
  { additionalProperties: false, required: ['definition'] },
);
