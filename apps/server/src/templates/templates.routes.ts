import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, PageQuery, ref } from '../http/schemas.js';
import {
  SaveTemplateSchema,
  TemplateSchema,
  TemplateVersionSchema,
  UpdateTemplateSchema,
} from './templates.dto.js';

const tags = ['templates'];

export const templatesRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const templates = app.services.templates;

  app.get(
    '/api/templates',
    {
      schema: {
        operationId: 'listTemplates',
        tags,
        querystring: Type.Object({ ...PageQuery, mine: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(ref(TemplateSchema)) },
      },
    },
    (request) => templates.list(actorOf(request), request.query),
  );

  app.post(
    '/api/templates',
    {
      schema: {
        operationId: 'createTemplate',
        tags,
        body: SaveTemplateSchema,
        response: { 201: ref(TemplateSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await templates.create(actorOf(request), request.body.definition)),
  );

  app.get(
    '/api/templates/:id',
    {
      schema: {
        operationId: 'getTemplate',
        tags,
        params: IdParam,
        response: { 200: ref(TemplateSchema) },
      },
    },
    (request) => templates.get(actorOf(request), request.params.id),
  );

  app.put(
    '/api/templates/:id',
    {
      schema: {
        operationId: 'updateTemplate',
        summary: 'Save a new version of the template',
        tags,
        params: IdParam,
        body: UpdateTemplateSchema,
        response: { 200: ref(TemplateSchema) },
      },
    },
    (request) => templates.update(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/templates/:id/versions/:version',
    {
      schema: {
        operationId: 'getTemplateVersion',
        tags,
        params: Type.Object({
          id: Id(),
          version: Id(),
        }),
        response: { 200: ref(TemplateVersionSchema) },
      },
    },
    (request) => templates.getVersion(actorOf(request), request.params.id, request.params.version),
  );
  done();
};
