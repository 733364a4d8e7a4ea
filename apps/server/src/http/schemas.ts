import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { AnnotationPayloadSchema, TemplateDefinitionSchema } from '@medlabel/schema';

/**
 * Schemas shared by many routes get an `$id`, are registered once with Fastify and appear as
 * named components in the OpenAPI document; routes point at them with `ref()`.
 */
export const sharedSchemas: TSchema[] = [];

/** Gives a schema a name (its `$id`) and registers it as shared. */
export function named<T extends TSchema>(id: string, schema: T): T {
  const withId = { ...schema, $id: id } as T;
  sharedSchemas.push(withId);
  return withId;
}

/** A `$ref` to a named schema that keeps its static type. */
export function ref<T extends TSchema>(schema: T): TUnsafe<Static<T>> {
  if (!schema.$id) throw new Error('ref() needs a named schema');
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}

export const TemplateDefinition = named('TemplateDefinition', TemplateDefinitionSchema);
export const AnnotationPayload = named('AnnotationPayload', AnnotationPayloadSchema);

/** Row ids are 32-bit in both dialects. */
export const MAX_ID = 2_147_483_647;
export const Id = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: MAX_ID, ...options });

export const IdParam = Type.Object({ id: Id() });

/** Keyset pagination: pass the `next` cursor of one page to get the following one. */
export const PageQuery = {
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ID,
      description: 'cursor: the `next` of the previous page',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
};

export function page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next: Type.Union([Type.Integer(), Type.Null()], {
      description: 'cursor of the next page; null at the end',
    }),
  });
}

export const NoContent = Type.Null({ description: 'No content' });

/** A 200 response that is a file of the given media types, for the OpenAPI document. */
export function fileResponse(description: string, ...types: string[]) {
  const format = types.some((t) => t.startsWith('image/')) ? 'binary' : undefined;
  const schema = Type.String(format ? { format } : {});
  // Unsafe<unknown>: the handler sends a string, a buffer or a stream.
  return Type.Unsafe<unknown>({
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema }])),
  });
}
