import { Type, type Static } from '@sinclair/typebox';
import { Id, TemplateDefinition, named, ref } from '../http/schemas.js';

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

/** Structure is checked on the way in; @medlabel/schema's rules (422, with pointers) in the service. */
export const SaveTemplateSchema = Type.Object(
  { definition: ref(TemplateDefinition) },
  { additionalProperties: false },
);

export const UpdateTemplateSchema = Type.Object(
  {
    definition: ref(TemplateDefinition),
    baseVersion: Id({ description: 'the version the edit started from' }),
  },
  { additionalProperties: false },
);
