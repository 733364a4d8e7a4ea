import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, ref } from '../http/schemas.js';
import {
  AnnotationEventSchema,
  AnnotationSchema,
  PredictionsSchema,
  SaveAnnotationSchema,
} from './annotations.dto.js';

const tags = ['annotations'];
/**
 * The most a save within ANNOTATION_LIMITS takes as JSON (10,000 vertices at about 60 bytes, 1,000
 * shapes, labels and values) with room to spare; a bigger body is refused with 413 before it is
 * read, rather than parsed (a 4.6 MB polygon held the event loop 0.2 s) and then refused.
 */
export const SAVE_BODY_LIMIT = 2 * 1024 * 1024;
const ImageInCollection = Type.Object({
  collectionId: Id(),
  imageId: Id(),
});

export const annotationsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const annotations = app.services.annotations;

  app.get(
    '/api/collections/:collectionId/images/:imageId/annotations',
    {
      schema: {
        operationId: 'listImageAnnotations',
        summary:
          "Annotations of an image: the caller's own, or all of them for owners, reviewers or when the collection allows",
        tags,
        params: ImageInCollection,
        response: { 200: Type.Array(ref(AnnotationSchema)) },
      },
    },
    (request) =>
      annotations.listForImage(
        actorOf(request),
        request.params.collectionId,
        request.params.imageId,
      ),
  );

  app.put(
    '/api/collections/:collectionId/images/:imageId/annotation',
    {
      bodyLimit: SAVE_BODY_LIMIT,
      schema: {
        operationId: 'saveAnnotation',
        summary:
          "Create (no baseVersion) or update (baseVersion = version read) the caller's annotation; a stale baseVersion answers 409",
        tags,
        params: ImageInCollection,
        body: SaveAnnotationSchema,
        response: { 200: ref(AnnotationSchema) },
      },
    },
    (request) =>
      annotations.save(
        actorOf(request),
        request.params.collectionId,
        request.params.imageId,
        request.body,
      ),
  );

  app.post(
    '/api/collections/:id/predictions',
    {
      schema: {
        operationId: 'savePredictions',
        summary:
          "Save a model's annotations of many images (the labeling loop's predictions); all or nothing; owners and admins",
        tags,
        params: IdParam,
        body: PredictionsSchema,
        response: { 200: Type.Object({ saved: Type.Integer() }) },
      },
    },
    (request) => annotations.savePredictions(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/annotations/:id',
    {
      schema: {
        operationId: 'getAnnotation',
        tags,
        params: IdParam,
        response: { 200: ref(AnnotationSchema) },
      },
    },
    (request) => annotations.get(actorOf(request), request.params.id),
  );

  app.get(
    '/api/annotations/:id/history',
    {
      schema: {
        operationId: 'getAnnotationHistory',
        summary: 'Every saved version of the annotation, oldest first',
        tags,
        params: IdParam,
        response: { 200: Type.Array(AnnotationEventSchema) },
      },
    },
    (request) => annotations.history(actorOf(request), request.params.id),
  );
  done();
};
