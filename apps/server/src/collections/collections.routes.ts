import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, NoContent, PageQuery, page, ref } from '../http/schemas.js';
import { ImageSchema } from '../images/images.dto.js';
import {
  CollectionItemSchema,
  CollectionPageQuery,
  CollectionSchema,
  ProgressSchema,
  CreateCollectionFromSearchSchema,
  CreateCollectionSchema,
  UpdateCollectionSchema,
} from './collections.dto.js';

const tags = ['collections'];

export const collectionsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const collections = app.services.collections;

  app.get(
    '/api/collections',
    {
      schema: {
        operationId: 'listCollections',
        summary:
          'Collections the caller may see: all (admin), own and assigned (researcher), assigned (annotator)',
        tags,
        querystring: Type.Object(PageQuery),
        response: { 200: Type.Array(ref(CollectionSchema)) },
      },
    },
    (request) => collections.list(actorOf(request), request.query),
  );

  app.post(
    '/api/collections',
    {
      schema: {
        operationId: 'createCollection',
        tags,
        body: CreateCollectionSchema,
        response: { 201: ref(CollectionSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await collections.create(actorOf(request), request.body)),
  );

  app.post(
    '/api/collections/from-search',
    {
      schema: {
        operationId: 'createCollectionFromSearch',
        summary: 'Create a collection of every image an image search finds',
        tags,
        body: CreateCollectionFromSearchSchema,
        response: { 201: ref(CollectionSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await collections.createFromSearch(actorOf(request), request.body)),
  );

  app.get(
    '/api/collections/:id',
    {
      schema: {
        operationId: 'getCollection',
        tags,
        params: IdParam,
        response: { 200: ref(CollectionSchema) },
      },
    },
    (request) => collections.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/api/collections/:id',
    {
      schema: {
        operationId: 'updateCollection',
        tags,
        params: IdParam,
        body: UpdateCollectionSchema,
        response: { 200: ref(CollectionSchema) },
      },
    },
    (request) => collections.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/collections/:id',
    {
      schema: {
        operationId: 'deleteCollection',
        tags,
        params: IdParam,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await collections.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/collections/:id/images',
    {
      schema: {
        operationId: 'listCollectionImages',
        summary: "A page of the collection with each image status and the caller's own annotation",
        tags,
        params: IdParam,
        querystring: CollectionPageQuery,
        response: { 200: page(ref(CollectionItemSchema)) },
      },
    },
    (request) => collections.page(actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/collections/:id/images',
    {
      schema: {
        operationId: 'addCollectionImages',
        tags,
        params: IdParam,
        body: Type.Object(
          { imageIds: Type.Array(Id(), { minItems: 1, maxItems: 100000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ added: Type.Integer() }) },
      },
    },
    (request) => collections.addImages(actorOf(request), request.params.id, request.body.imageIds),
  );

  app.delete(
    '/api/collections/:id/images',
    {
      schema: {
        operationId: 'removeCollectionImages',
        summary:
          'Remove images from the collection; 409 while annotations of them exist here, unless discardAnnotations deletes those too',
        tags,
        params: IdParam,
        body: Type.Object(
          {
            imageIds: Type.Array(Id(), { minItems: 1, maxItems: 100000 }),
            discardAnnotations: Type.Optional(
              Type.Boolean({
                description:
                  'Also delete the annotations (and their history) made of these images in this collection.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ removed: Type.Integer(), discardedAnnotations: Type.Integer() }),
        },
      },
    },
    (request) =>
      collections.removeImages(
        actorOf(request),
        request.params.id,
        request.body.imageIds,
        request.body.discardAnnotations ?? false,
      ),
  );

  app.get(
    '/api/collections/:id/progress',
    {
      schema: {
        operationId: 'getCollectionProgress',
        summary:
          "Overall progress and the caller's own counts, for anyone who may see the collection",
        tags,
        params: IdParam,
        response: { 200: ProgressSchema },
      },
    },
    (request) => collections.progress(actorOf(request), request.params.id),
  );

  app.get(
    '/api/collections/:id/next',
    {
      schema: {
        operationId: 'nextImage',
        summary:
          'The next image for the caller to annotate (its drafts first); image is null when done',
        tags,
        params: IdParam,
        response: {
          200: Type.Object({
            image: Type.Union([ref(ImageSchema), Type.Null()]),
            position: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    (request) => collections.next(actorOf(request), request.params.id),
  );
  done();
};
