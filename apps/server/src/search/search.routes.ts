import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { PageQuery, ref } from '../http/schemas.js';
import { ImageSchema } from '../images/images.dto.js';
import { AnnotationSchema } from '../annotations/annotations.dto.js';
import { UserSchema } from '../users/users.dto.js';
import { TemplateSchema } from '../templates/templates.dto.js';
import { CollectionSchema } from '../collections/collections.dto.js';

const results = <K extends string>(type: K, item: Parameters<typeof Type.Array>[0]) =>
  Type.Object({
    type: Type.Literal(type),
    items: Type.Array(item),
    next: Type.Union([Type.Integer(), Type.Null()]),
  });

export const SearchResultSchema = Type.Union([
  results('image', ref(ImageSchema)),
  results('annotation', ref(AnnotationSchema)),
  results('user', ref(UserSchema)),
  results('template', ref(TemplateSchema)),
  results('collection', ref(CollectionSchema)),
]);

export const searchRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const search = app.services.search;

  app.get(
    '/api/search',
    {
      schema: {
        operationId: 'search',
        summary:
          'Search with the query language, e.g. `modality:US label:"CW Doppler" annotator:reader3@example.org status:done meta.manufacturer:GE` (`meta.<key>:value` matches imported metadata); `type:annotation|user|template|collection` picks the kind of result (default image)',
        tags: ['search'],
        querystring: Type.Object({ q: Type.String({ maxLength: 2000 }), ...PageQuery }),
        response: { 200: SearchResultSchema },
      },
    },
    (request) => search.run(actorOf(request), request.query),
  );
  done();
};
